package io.codexpool.proxy.api.websocket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.codexpool.proxy.chains.ChainNotFound;
import io.codexpool.proxy.chains.ChainStore;
import io.codexpool.proxy.chains.ChainTurn;
import io.codexpool.proxy.errors.InvalidRequest;
import io.codexpool.proxy.errors.RequestCancelled;
import io.codexpool.proxy.apikeys.KeyGate;
import io.codexpool.proxy.apikeys.KeyRefused;
import io.codexpool.proxy.errors.UpstreamFailure;
import io.codexpool.proxy.metrics.PoolMetrics;
import io.codexpool.proxy.pipeline.FailoverPipeline;
import io.codexpool.proxy.pipeline.OpenedStream;
import io.codexpool.proxy.pipeline.StreamRelay;
import io.codexpool.proxy.requestlogs.RequestLogger;
import io.codexpool.proxy.requestlogs.RequestRecord;
import io.codexpool.proxy.routing.NoAccountAvailable;
import io.codexpool.proxy.sticky.StickyKeys;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.transport.UpstreamTransports;
import io.codexpool.proxy.upstream.Transport;
import io.codexpool.proxy.upstream.UpstreamCall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the {@code response.create} turns of client WebSockets: each turn chooses its account and fails over before
 * its first event like a POST does, relays the events as text frames and leaves one request-log row.
 */
@ApplicationScoped
public class WebSocketTurns {
    private static final Logger LOG = Logger.getLogger(WebSocketTurns.class.getName());

    private final FailoverPipeline pipeline;
    private final RequestLogger requestLogger;
    private final PoolMetrics metrics;
    private final UpstreamTransports transports;
    private final Clock clock;
    private final KeyGate keys;
    private final ChainStore chains;
    private final Duration idleTimeout;
    private final Duration pingInterval;
    private final long maxFrameBytes;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("websocket-idle").daemon().factory());

    @Inject
    public WebSocketTurns(FailoverPipeline pipeline, RequestLogger requestLogger, PoolMetrics metrics,
                          UpstreamTransports transports,
                          Clock clock, KeyGate keys, ChainStore chains,
                          @ConfigProperty(name = "codexpool.proxy.websocket-idle-seconds", defaultValue = "120")
                          long idleSeconds,
                          @ConfigProperty(name = "codexpool.proxy.websocket-ping-seconds", defaultValue = "60")
                          long pingSeconds,
                          @ConfigProperty(name = "codexpool.proxy.max-body-bytes", defaultValue = "33554432")
                          long maxFrameBytes) {
        this.pipeline = pipeline;
        this.requestLogger = requestLogger;
        this.metrics = metrics;
        this.transports = transports;
        this.clock = clock;
        this.keys = keys;
        this.chains = chains;
        this.idleTimeout = Duration.ofSeconds(idleSeconds);
        this.pingInterval = Duration.ofSeconds(pingSeconds);
        this.maxFrameBytes = maxFrameBytes;
    }

    @PreDestroy
    void stop() {
        timers.shutdownNow();
    }

    ClientSocket open(Session session, TurnRoute route, Map<String, List<String>> headers, String turnState) {
        // a request body is the same size whether it comes as a POST or as a frame
        session.setMaxTextMessageBufferSize((int) Math.min(Integer.MAX_VALUE, maxFrameBytes));
        session.setMaxIdleTimeout(0); // our own idle timer closes with 1001 and ignores time spent in turns
        metrics.clientWebSocketOpened();
        return new ClientSocket(session, route, headers, turnState, transports.forClientSocket(), timers,
                idleTimeout, pingInterval, this::turn);
    }

    /** A socket that {@link #open} returned has closed (called once per socket). */
    void closed() {
        metrics.clientWebSocketClosed();
    }

    void turn(ClientSocket socket, String frame) {
        RequestRecord record = new RequestRecord(UUID.randomUUID().toString(), socket.route().path(),
                clock.instant());
        record.transport(Transport.WEBSOCKET.wireName());
        int status = 200;
        OpenedStream opened = null;
        try {
            ObjectNode body = socket.route().normalizer().apply(responseCreate(frame));
            body.put("stream", true); // HTTP upstream needs it; the WebSocket frame drops it again
            record.request(body);
            // each turn is checked again: a key disabled or full since the handshake stops at its next turn
            record.admission(keys.admit(socket.authorization(), record.model()));
            ChainTurn chain = chains.begin(body, socket.id());
            UpstreamCall call = new UpstreamCall("/codex/responses", body, socket.headers(), record.requestId(), false)
                    .withContinuation(chain);
            opened = pipeline.openStream(call, StickyKeys.session(socket.turnState(), body), record,
                    socket.upstream().opener());
            StreamRelay.relay(opened, chain.capture(new WebSocketFrameSink(socket)), record);
        } catch (ChainNotFound e) {
            status = e.status();
            record.error(e.code(), e.getMessage());
            sendError(socket, status, e.webSocketError());
        } catch (InvalidRequest e) {
            status = e.status();
            record.error(e.code(), e.getMessage());
            sendError(socket, e.status(), ErrorFrames.error(e.getMessage(), "invalid_request_error", e.code(),
                    e.param()));
        } catch (KeyRefused e) {
            status = e.status();
            record.error(e.code(), e.getMessage());
            sendError(socket, status, e.error(clock.instant()));
        } catch (NoAccountAvailable e) {
            status = e.allLimited() ? 429 : 503;
            record.error(e.allLimited() ? "usage_limit_reached" : "no_accounts", e.getMessage());
            sendError(socket, status, ErrorFrames.noAccount(e));
        } catch (UpstreamFailure e) {
            status = e.status();
            sendError(socket, status, ErrorFrames.upstream(e.body(), e.code(), e.getMessage()));
        } catch (StreamRelay.ClientGone | RequestCancelled e) {
            status = 499;
            record.error("client_closed", "client went away: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "websocket turn " + record.requestId() + " failed", e);
            status = 500;
            record.error("internal_error", e.getClass().getSimpleName());
            sendError(socket, 500, ErrorFrames.error("internal error, request id " + record.requestId(),
                    "server_error", "internal_error", null));
        } finally {
            if (opened != null) {
                opened.close();
            }
            requestLogger.finish(record, status);
        }
    }

    /** The body of a {@code response.create} frame without its {@code type}; anything else is refused. */
    private static ObjectNode responseCreate(String frame) {
        JsonNode json = Json.parseOrNull(frame);
        if (!(json instanceof ObjectNode object)) {
            throw new InvalidRequest("frame is not a JSON object", null);
        }
        if (!"response.create".equals(object.path("type").asText(null))) {
            throw new InvalidRequest("expected a frame of type 'response.create'", "type");
        }
        object.remove("type");
        return object;
    }

    private static void sendError(ClientSocket socket, int status, ObjectNode error) {
        ObjectNode frame = Json.object().put("type", "error").put("status", status);
        frame.set("error", error);
        try {
            socket.send(Json.write(frame));
        } catch (IOException e) {
            LOG.fine(() -> "client gone before its error frame: " + e.getMessage());
        }
    }

    /** Error objects in the shape of the HTTP routes' {@code error}. */
    private static final class ErrorFrames {
        static ObjectNode error(String message, String type, String code, String param) {
            ObjectNode error = Json.object().put("message", message).put("type", type).put("code", code);
            error.put("param", param);
            return error;
        }

        static ObjectNode noAccount(NoAccountAvailable e) {
            ObjectNode error = error(e.getMessage(), e.allLimited() ? "usage_limit_reached" : "server_error",
                    e.allLimited() ? "usage_limit_reached" : "no_accounts", null);
            if (e.resetsAt() != null) {
                error.put("resets_at", e.resetsAt().getEpochSecond());
            }
            return error;
        }

        static ObjectNode upstream(byte[] body, String code, String message) {
            JsonNode json = body == null ? null : Json.parseOrNull(new String(body, StandardCharsets.UTF_8));
            if (json != null && json.get("error") instanceof ObjectNode error) {
                return error;
            }
            return error(message == null ? "upstream error" : message, "server_error", code, null);
        }
    }
}
