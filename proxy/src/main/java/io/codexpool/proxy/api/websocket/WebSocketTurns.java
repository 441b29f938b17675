package io.codexpool.proxy.api.websocket;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.codexpool.proxy.errors.InvalidRequest;
import io.codexpool.proxy.pipeline.Route;
import io.codexpool.proxy.pipeline.Turn;
import io.codexpool.proxy.pipeline.TurnObservers;
import io.codexpool.proxy.pipeline.TurnPipeline;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.transport.UpstreamTransports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Client WebSockets: opens their state, and runs each {@code response.create} frame as a turn of the
 * {@link TurnPipeline}, like a POST of the same route, answered in frames.
 */
@ApplicationScoped
public class WebSocketTurns {
    private final TurnPipeline pipeline;
    private final TurnObservers observers;
    private final UpstreamTransports transports;
    private final Duration idleTimeout;
    private final Duration pingInterval;
    private final long maxFrameBytes;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("websocket-idle").daemon().factory());

    @Inject
    public WebSocketTurns(TurnPipeline pipeline, TurnObservers observers, UpstreamTransports transports,
                          @ConfigProperty(name = "codexpool.proxy.websocket-idle-seconds", defaultValue = "120")
                          long idleSeconds,
                          @ConfigProperty(name = "codexpool.proxy.websocket-ping-seconds", defaultValue = "60")
                          long pingSeconds,
                          @ConfigProperty(name = "codexpool.proxy.max-body-bytes", defaultValue = "33554432")
                          long maxFrameBytes) {
        this.pipeline = pipeline;
        this.observers = observers;
        this.transports = transports;
        this.idleTimeout = Duration.ofSeconds(idleSeconds);
        this.pingInterval = Duration.ofSeconds(pingSeconds);
        this.maxFrameBytes = maxFrameBytes;
    }

    @PreDestroy
    void stop() {
        timers.shutdownNow();
    }

    ClientSocket open(Session session, Route route, Map<String, List<String>> headers, String turnState) {
        // a request body is the same size whether it comes as a POST or as a frame
        session.setMaxTextMessageBufferSize((int) Math.min(Integer.MAX_VALUE, maxFrameBytes));
        session.setMaxIdleTimeout(0); // our own idle timer closes with 1001 and ignores time spent in turns
        observers.clientSocket(true);
        return new ClientSocket(session, route, headers, turnState, transports.forClientSocket(), timers,
                idleTimeout, pingInterval, this::turn);
    }

    /** A socket that {@link #open} returned has closed (called once per socket). */
    void closed() {
        observers.clientSocket(false);
    }

    void turn(ClientSocket socket, String frame) {
        pipeline.run(new Turn(socket.route(), socket.headers(), new Turn.Socket(socket.id(), socket.turnState()),
                maxBytes -> responseCreate(frame), socket.upstream().opener()), new FrameReplies(socket));
    }

    /**
     * The body of a {@code response.create} frame without its {@code type}; anything else is refused. The frame is
     * within the body limit already: the session's text buffer holds no more.
     */
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
}
