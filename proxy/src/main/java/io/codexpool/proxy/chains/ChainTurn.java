package io.codexpool.proxy.chains;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.upstream.Continuation;
import io.codexpool.proxy.upstream.EventSink;
import io.codexpool.proxy.upstream.SseEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One turn of a chain: sends the request as it is where upstream holds the continued response (its account's upstream
 * socket that produced it), else replays the chain's full input without {@code previous_response_id}; while relaying
 * it keeps the turn's output items, and the completed response joins the chain.
 */
public final class ChainTurn implements Continuation {
    private final ChainStore store;
    private final ArrayNode input;
    private final Link previous;
    private final String scope;
    private final Map<Integer, JsonNode> output = new TreeMap<>();
    private String connection;
    private String accountId;
    private String movedBecause;
    private String replayReason;

    ChainTurn(ChainStore store, ArrayNode input, Link previous, String scope) {
        this.store = store;
        this.input = input;
        this.previous = previous;
        this.scope = scope;
    }

    @Override
    public String pinnedAccountId() {
        return previous == null ? null : previous.accountId();
    }

    /** The pinned account did not serve this turn, and why: the request log says so if the turn is replayed. */
    public void moved(String why) {
        movedBecause = why;
    }

    /** Why the turn was replayed on a connection that does not hold its chain; null when it was not. */
    public String replayReason() {
        return replayReason;
    }

    @Override
    public ObjectNode bodyOn(String connection, String accountId, ObjectNode body) {
        this.connection = connection;
        this.accountId = accountId;
        if (previous == null || previous.connection() != null && previous.connection().equals(connection)) {
            replayReason = null;
            return body;
        }
        ArrayNode full = store.replayInput(previous, input);
        if (full == null) {
            throw new ChainNotFound(previous.responseId(), ChainNotFound.NOT_REPLAYABLE);
        }
        replayReason = !previous.accountId().equals(accountId)
                ? "replayed on another account: " + (movedBecause == null ? "rerouted" : movedBecause)
                : connection == null ? "replayed over a stateless transport" : "replayed: the upstream socket closed";
        ObjectNode replay = Json.object();
        replay.setAll(body);
        replay.remove("previous_response_id");
        replay.set("input", full);
        return replay;
    }

    /** {@code sink}, through {@code turn}'s capture when the request has a chain step. */
    public static EventSink capturing(ChainTurn turn, EventSink sink) {
        return turn == null ? sink : turn.capture(sink);
    }

    /** A sink that keeps what the chain needs from each event before passing it on. */
    public EventSink capture(EventSink sink) {
        return event -> {
            observe(event);
            sink.accept(event);
        };
    }

    /** A response upstream keeps, so one that may be continued: an incomplete one was cut at its token limit. */
    private static boolean answered(String type) {
        return "response.completed".equals(type) || "response.incomplete".equals(type);
    }

    private void observe(SseEvent event) {
        String type = event.type();
        if ("response.output_item.done".equals(type)) {
            JsonNode json = event.json();
            JsonNode item = json == null ? null : json.get("item");
            if (item != null && item.isObject()) {
                output.put(json.path("output_index").asInt(output.size()), item);
            }
        } else if (answered(type) && event.json() != null) {
            JsonNode response = event.json().path("response");
            String id = response.path("id").asText(null);
            if (id == null || accountId == null) {
                return;
            }
            // the ChatGPT backend sends its items only in output_item.done; a backend that lists them here is exact
            JsonNode listed = response.get("output");
            List<JsonNode> items = new ArrayList<>();
            if (listed instanceof ArrayNode array && !array.isEmpty()) {
                array.forEach(items::add);
            } else {
                items.addAll(output.values());
            }
            store.commit(previous, scope, input, items, id, accountId, connection);
        }
    }
}
