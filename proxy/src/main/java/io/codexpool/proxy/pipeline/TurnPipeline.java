package io.codexpool.proxy.pipeline;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.proxy.apikeys.KeyPolicy;
import io.codexpool.proxy.chains.ChainStore;
import io.codexpool.proxy.chains.ChainTurn;
import io.codexpool.proxy.requestlogs.RequestLogger;
import io.codexpool.proxy.requestlogs.RequestRecord;
import io.codexpool.proxy.settings.SettingsCache;
import io.codexpool.proxy.sticky.StickyKey;
import io.codexpool.proxy.sticky.StickyKeys;
import io.codexpool.proxy.upstream.UpstreamCall;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every proxied turn, whatever route or transport it came by, goes through {@link #run}: its steps, in order, are the
 * ones listed there. The transport decides only how the client's body is read, which upstream opener is used and how
 * the answer is written ({@link ClientReplies}); everything else happens here once.
 */
@ApplicationScoped
public class TurnPipeline {
    private static final int MAX_REQUEST_ID_LENGTH = 128;

    private final ClientIdentity identity;
    private final ChainStore chains;
    private final FailoverPipeline failover;
    private final TurnErrors errors;
    private final RequestLogger requestLogger;
    private final TurnObservers observers;
    private final SettingsCache settings;
    private final Clock clock;
    private final long maxBodyBytes;

    @Inject
    public TurnPipeline(ClientIdentity identity, ChainStore chains, FailoverPipeline failover, TurnErrors errors,
                        RequestLogger requestLogger, TurnObservers observers, SettingsCache settings, Clock clock,
                        @ConfigProperty(name = "codexpool.proxy.max-body-bytes", defaultValue = "33554432")
                        long maxBodyBytes) {
        this.identity = identity;
        this.chains = chains;
        this.failover = failover;
        this.errors = errors;
        this.requestLogger = requestLogger;
        this.observers = observers;
        this.settings = settings;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Runs one turn to the client's answer: an error answer when a step before the relay fails. */
    public <R> R run(Turn turn, ClientReplies<R> replies) {
        // 1. record: the clock starts and the turn is named
        RequestRecord record = new RequestRecord(requestId(turn.headers()), turn.route().path(), clock.instant());
        record.transport(turn.clientTransport().wireName());
        TurnEnd end = new TurnEnd(record, this::log);
        try {
            // 2. identify the client: a stranger is refused before its body costs anything
            Optional<KeyPolicy> key = identity.identify(turn.header("authorization"));
            // 3. read and bound the body
            ObjectNode client = turn.body().read(maxBodyBytes);
            ReplyWriter<R> writer = replies.writer(client);
            // 4. normalise it into what the Codex backend accepts
            ObjectNode body = turn.route().normalizer().apply(client);
            record.request(body);
            // 5. check the client's limits
            end.admitted(identity.admit(key, record.model()));
            // 6. the conversation's sticky key
            StickyKey sticky = stickyKey(turn, body);
            // 7. the conversation chain a previous_response_id continues (its account, its items for a replay)
            ChainTurn chain = turn.route().chains() ? chains.begin(body, turn.socket() == null ? null
                    : turn.socket().id()) : null;
            end.chain(chain);
            // 8. choose an account, open the upstream, fail over until a first event is accepted
            UpstreamCall call = new UpstreamCall(turn.route().upstreamPath(), body, turn.headers(),
                    record.requestId(), turn.route().compact()).withContinuation(chain);
            OpenedStream opened = failover.open(call, sticky, record, ClientIdentity.accounts(end.admission()),
                    turn.opener());
            // 9. relay in the client's format while learning usage; 10. log, when the answer has ended
            return writer.relay(opened, end);
        } catch (RuntimeException e) {
            TurnError error = errors.map(e, record);
            end.finish(error.status());
            return replies.error(error, record.requestId());
        }
    }

    /**
     * 10. log: one request-log row, the API key's place back (unless the relay freed it when the answer was
     * complete) and its usage charged, the observers told.
     */
    private void log(TurnEnd end, int status) {
        RequestLog row = requestLogger.finish(end.record(), status);
        if (row != null) {
            identity.finished(end.admission(), row);
            observers.finished(row, end.record().streaming());
        }
    }

    /**
     * The strongest key of the turn, as for HTTP on both transports (turn state, session header on the backend
     * routes, {@code prompt_cache_key}); a client WebSocket's turn without one keeps to its socket's turn state.
     */
    private StickyKey stickyKey(Turn turn, ObjectNode body) {
        StickyKey key = StickyKeys.of(turn.route().backend(), turn.headers(), body,
                settings.current().stickyThreadsEnabled());
        return key != null || turn.socket() == null ? key : StickyKeys.session(turn.socket().turnState(), body);
    }

    /** The client's {@code x-client-request-id}, else its {@code x-request-id}, else a new id. */
    static String requestId(Map<String, List<String>> headers) {
        for (String header : List.of("x-client-request-id", "x-request-id")) {
            List<String> values = headers.get(header);
            String id = values == null || values.isEmpty() ? null : values.getFirst();
            if (id != null && !id.isBlank()) {
                return id.length() > MAX_REQUEST_ID_LENGTH ? newRequestId() : id;
            }
        }
        return newRequestId();
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: a request id need not be unpredictable, and
     * {@link UUID#randomUUID()} draws on {@code SecureRandom} under a lock (1 % of the service's CPU samples on
     * CPU-bound streams).
     */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & ~(0xC000L << 48) | 0x8000L << 48;
        return new UUID(high, low).toString();
    }
}
