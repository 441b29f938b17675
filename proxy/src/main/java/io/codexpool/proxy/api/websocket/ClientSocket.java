package io.codexpool.proxy.api.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.codexpool.proxy.pipeline.Route;
import io.codexpool.proxy.transport.UpstreamTransports;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

/**
 * The state of one client WebSocket: its handshake headers and turn state, its upstream socket, a queue that runs
 * its turns one at a time, and the timer that closes it (1001) after a quiet spell. It pings the client every
 * {@code pingInterval}: Helidon closes a connection whose client has sent nothing for
 * {@code server.idle-connection-timeout} (5 min), even while a long turn streams to it, and the client's pongs count.
 */
final class ClientSocket implements AutoCloseable {
    static final int MAX_QUEUED_TURNS = 16;

    private final Session session;
    private final Route route;
    private final Map<String, List<String>> headers;
    private final String turnState;
    private final UpstreamTransports.ClientSocketOpener upstream;
    private final ExecutorService turns = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
    private final ScheduledExecutorService timers;
    private final Duration idleTimeout;
    private final BiConsumer<ClientSocket, String> turnRunner;
    private int pending;
    private ScheduledFuture<?> idleClose;
    private final ScheduledFuture<?> pings;

    ClientSocket(Session session, Route route, Map<String, List<String>> headers, String turnState,
                 UpstreamTransports.ClientSocketOpener upstream, ScheduledExecutorService timers,
                 Duration idleTimeout, Duration pingInterval, BiConsumer<ClientSocket, String> turnRunner) {
        this.session = session;
        this.route = route;
        this.headers = headers;
        this.turnState = turnState;
        this.upstream = upstream;
        this.timers = timers;
        this.idleTimeout = idleTimeout;
        this.turnRunner = turnRunner;
        armIdleClose();
        long every = Math.max(1, pingInterval.toMillis());
        this.pings = timers.scheduleAtFixedRate(this::ping, every, every, TimeUnit.MILLISECONDS);
    }

    private void ping() {
        if (!session.isOpen()) {
            pings.cancel(false);
            return;
        }
        Thread.ofVirtual().start(() -> { // a ping may wait behind a large frame; the timer thread must not
            try {
                synchronized (session) {
                    session.getBasicRemote().sendPing(ByteBuffer.allocate(0));
                }
            } catch (IOException | RuntimeException e) {
                // the client is gone; its close ends the socket
            }
        });
    }

    /** The socket's id among this replica's sockets: its conversation chains are bounded together. */
    String id() {
        return session.getId();
    }

    Route route() {
        return route;
    }

    Map<String, List<String>> headers() {
        return headers;
    }

    String turnState() {
        return turnState;
    }

    UpstreamTransports.ClientSocketOpener upstream() {
        return upstream;
    }

    /**
     * Queues a frame; the idle timer stops while any turn is queued or running. A client that queues more than
     * {@link #MAX_QUEUED_TURNS} turns without waiting for their answers is closed (1008): each may hold a frame of
     * up to the body limit.
     */
    void receive(String frame) {
        synchronized (this) {
            if (pending >= MAX_QUEUED_TURNS) {
                Thread.ofVirtual().start(() -> fail(CloseReason.CloseCodes.VIOLATED_POLICY,
                        "more than " + MAX_QUEUED_TURNS + " turns queued"));
                return;
            }
            pending++;
            if (idleClose != null) {
                idleClose.cancel(false);
            }
        }
        try {
            turns.execute(() -> {
                try {
                    turnRunner.accept(this, frame);
                } finally {
                    turnDone();
                }
            });
        } catch (RejectedExecutionException e) {
            // the socket is closing: say so rather than drop the frame without a word
            fail(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "socket is closing");
        }
    }

    private synchronized void turnDone() {
        pending--;
        if (pending == 0) {
            armIdleClose();
        }
    }

    private synchronized void armIdleClose() {
        idleClose = timers.schedule(this::closeIdle, idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void closeIdle() {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY,
                    "idle for " + idleTimeout.toSeconds() + " s"));
        } catch (IOException e) {
            close();
        }
    }

    /**
     * Sends one text frame; frames of one socket never interleave. A socket that closed since the last frame is the
     * client gone, as a write that fails is: Tyrus refuses it with an IllegalStateException instead.
     */
    void send(String text) throws IOException {
        synchronized (session) {
            try {
                session.getBasicRemote().sendText(text);
            } catch (IllegalStateException e) {
                if (session.isOpen()) {
                    throw e;
                }
                throw new IOException("the client socket is closed", e);
            }
        }
    }

    /** Stops the socket's turns and closes it with {@code code}; the client sees why instead of a silent socket. */
    void fail(CloseReason.CloseCode code, String reason) {
        close();
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(code, reason));
            }
        } catch (IOException | RuntimeException e) {
            // the client is gone already
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (idleClose != null) {
                idleClose.cancel(false);
            }
        }
        pings.cancel(false);
        turns.shutdownNow();
        upstream.close();
    }
}
