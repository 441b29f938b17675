package io.codexpool.proxy.chains;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.codexpool.proxy.errors.InvalidRequest;
import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The conversation chains this replica relayed, by response id: which account and upstream socket produced each
 * response, and every input and output item of its chain, so that a turn that must change account (or socket) can
 * be replayed as one self-contained request. Held in memory only, bounded per client socket (per conversation over
 * HTTP) and in total; a chain unused for the expiry is forgotten. Items beyond a bound are dropped, oldest used first:
 * such a chain can still be continued where upstream holds it, no longer replayed.
 */
@ApplicationScoped
public class ChainStore {
    private final Clock clock;
    private final Duration expiry;
    private final long maxScopeBytes;
    private final long maxTotalBytes;
    private final Map<String, Link> links = new HashMap<>();
    /** Conversations, least recently used first. */
    private final LinkedHashMap<Conversation, Boolean> conversations = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Long> scopeBytes = new HashMap<>();
    private long totalBytes;

    @Inject
    public ChainStore(Clock clock,
                      @ConfigProperty(name = "codexpool.chains.expiry-seconds", defaultValue = "3600")
                      long expirySeconds,
                      @ConfigProperty(name = "codexpool.chains.max-socket-bytes", defaultValue = "33554432")
                      long maxScopeBytes,
                      @ConfigProperty(name = "codexpool.chains.max-total-bytes", defaultValue = "134217728")
                      long maxTotalBytes) {
        this.clock = clock;
        this.expiry = Duration.ofSeconds(expirySeconds);
        this.maxScopeBytes = maxScopeBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * The chain step of a request: it continues the response its {@code previous_response_id} names, or starts a
     * chain.
     *
     * @param scope the client socket the request came on, or null for an HTTP request
     * @throws ChainNotFound when it names a response this replica does not hold (never seen, forgotten, expired)
     */
    public ChainTurn begin(ObjectNode body, String scope) {
        JsonNode previousId = body.get("previous_response_id");
        Link previous = null;
        if (previousId != null && !previousId.isNull()) {
            if (!previousId.isTextual() || previousId.asText().isBlank()) {
                throw new InvalidRequest("previous_response_id must be a response id",
                        "previous_response_id");
            }
            previous = find(previousId.asText());
            if (previous == null) {
                throw new ChainNotFound(previousId.asText());
            }
            if (scope == null && !replayable(previous)) {
                // an HTTP request is always replayed (no upstream socket outlives it): refused before going up
                throw new ChainNotFound(previousId.asText(), ChainNotFound.NOT_REPLAYABLE);
            }
        }
        return new ChainTurn(this, ChainItems.input(body), previous, scope);
    }

    /** Responses held now, for tests and gauges. */
    public synchronized int size() {
        return links.size();
    }

    /** Bytes of chain items held now, about. */
    public synchronized long bytes() {
        return totalBytes;
    }

    private synchronized Link find(String responseId) {
        sweep(clock.instant());
        return links.get(responseId);
    }

    private synchronized boolean replayable(Link link) {
        return link.conversation().items != null && conversations.containsKey(link.conversation());
    }

    /** The chain's items up to {@code previous} and then {@code input}; null when they are no longer held. */
    synchronized ArrayNode replayInput(Link previous, ArrayNode input) {
        if (!replayable(previous)) {
            return null;
        }
        Conversation conversation = previous.conversation();
        conversation.lastUsed = clock.instant();
        conversations.get(conversation); // used now: last to lose its items
        ArrayNode full = Json.MAPPER.createArrayNode();
        conversation.items.subList(0, previous.end()).forEach(full::add);
        input.forEach(full::add);
        return full;
    }

    /** A response completed: it joins its chain, with the input that asked for it and its output. */
    synchronized void commit(Link previous, String scope, ArrayNode input, List<JsonNode> output, String responseId,
                             String accountId, String connection) {
        Instant now = clock.instant();
        sweep(now);
        Conversation conversation = conversationAfter(previous, scope, now);
        long before = conversation.bytes;
        if (conversation.items != null) {
            input.forEach(conversation::add);
            output.forEach(item -> conversation.add(ChainItems.asInput(item)));
        }
        count(conversation, conversation.bytes - before);
        conversation.lastUsed = now;
        conversation.responseIds.add(responseId);
        conversations.put(conversation, Boolean.TRUE);
        links.put(responseId, new Link(responseId, conversation,
                conversation.items == null ? 0 : conversation.items.size(), accountId, connection));
        if (conversation.bytes > maxScopeBytes) {
            dropItems(conversation);
        }
        bound(scope);
    }

    private Conversation conversationAfter(Link previous, String scope, Instant now) {
        if (previous == null) {
            return new Conversation(scope, now);
        }
        Conversation earlier = previous.conversation();
        if (!conversations.containsKey(earlier)) {
            Conversation lost = new Conversation(scope, now); // expired meanwhile: what it held is gone
            lost.drop();
            return lost;
        }
        if (earlier.items == null || previous.end() == earlier.items.size()) {
            return earlier;
        }
        Conversation fork = earlier.fork(previous.end(), now);
        count(fork, fork.bytes);
        return fork;
    }

    /** Over the socket's bound, then the total: items of the least recently used conversations go first. */
    private void bound(String scope) {
        if (scope != null && scopeBytes.getOrDefault(scope, 0L) > maxScopeBytes) {
            // dropping items does not reorder the map: iterating it in place is safe
            Iterator<Conversation> oldest = conversations.keySet().iterator();
            while (scopeBytes.getOrDefault(scope, 0L) > maxScopeBytes && oldest.hasNext()) {
                Conversation next = oldest.next();
                if (scope.equals(next.scope)) {
                    dropItems(next);
                }
            }
        }
        Iterator<Conversation> oldest = conversations.keySet().iterator();
        while (totalBytes > maxTotalBytes && oldest.hasNext()) {
            dropItems(oldest.next());
        }
    }

    /** Forgets conversations unused for the expiry, with their responses. */
    private void sweep(Instant now) {
        Instant cutoff = now.minus(expiry);
        Iterator<Conversation> oldest = conversations.keySet().iterator();
        while (oldest.hasNext()) {
            Conversation next = oldest.next();
            if (!next.lastUsed.isBefore(cutoff)) {
                return;
            }
            oldest.remove();
            count(next, -next.bytes);
            next.responseIds.forEach(links::remove);
        }
    }

    private void dropItems(Conversation conversation) {
        count(conversation, -conversation.bytes);
        conversation.drop();
    }

    private void count(Conversation conversation, long delta) {
        totalBytes += delta;
        if (conversation.scope != null) {
            scopeBytes.merge(conversation.scope, delta, Long::sum);
            if (scopeBytes.get(conversation.scope) <= 0) {
                scopeBytes.remove(conversation.scope);
            }
        }
    }
}
