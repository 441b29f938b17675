package io.codexpool.proxy.upstream.websocket;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.codexpool.persistence.support.RootCause;
import io.codexpool.proxy.errors.RequestCancelled;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.upstream.EventTooLargeException;
import io.codexpool.proxy.upstream.SseEvent;
import io.codexpool.proxy.upstream.Transport;
import io.codexpool.proxy.upstream.UpstreamEvents;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One upstream WebSocket that carries turns one after another. Frames are reassembled from their parts and handed
 * over one at a time: the next frame is requested only when the previous one was taken, so at most one event is held
 * in memory, and one over the size limit ends the socket.
 */
final class UpstreamWebSocket implements WebSocket.Listener, AutoCloseable {
    private static final String RATE_LIMITS = "codex.rate_limits";

    private sealed interface Item permits Frame, Ended {
    }

    private record Frame(String text) implements Item {
    }

    /** The socket ended: closed by upstream (failure null) or broken. */
    private record Ended(IOException failure) implements Item {
    }

    private static final AtomicLong CONNECTIONS = new AtomicLong();

    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private final String connectionId = "ws-" + CONNECTIONS.incrementAndGet();
    private final int maxEventBytes;
    private final Duration idleTimeout;
    private final String accountId;
    private StringBuilder partial = new StringBuilder();
    private long partialBytes;
    private volatile WebSocket socket;
    private volatile boolean ended;

    UpstreamWebSocket(String accountId, int maxEventBytes, Duration idleTimeout) {
        this.accountId = accountId;
        this.maxEventBytes = maxEventBytes;
        this.idleTimeout = idleTimeout;
    }

    String accountId() {
        return accountId;
    }

    /** Names this socket among all the service opened: a response is continued as-is only on its own socket. */
    String connectionId() {
        return connectionId;
    }

    boolean usable() {
        return !ended && socket != null && !socket.isOutputClosed() && !socket.isInputClosed();
    }

    /**
     * Sends one {@code response.create} frame and returns the events of its turn.
     *
     * @param ownsSocket true when closing the turn closes the socket (one socket per request)
     */
    UpstreamEvents startTurn(String frame, boolean ownsSocket, Consumer<JsonNode> rateLimits) throws IOException {
        if (!usable()) {
            throw new IOException("upstream websocket is closed");
        }
        try {
            socket.sendText(frame, true).get(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            abort();
            throw new IOException("upstream websocket send failed: " + RootCause.message(e), e);
        } catch (InterruptedException e) {
            abort();
            throw RequestCancelled.interrupted("sending upstream");
        }
        return new Turn(ownsSocket, rateLimits);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        this.socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partialBytes += utf8Length(data);
        if (partialBytes > maxEventBytes) {
            end(new EventTooLargeException(maxEventBytes));
            webSocket.abort();
            return null;
        }
        partial.append(data);
        if (last) {
            items.add(new Frame(partial.toString()));
            partial = new StringBuilder();
            partialBytes = 0;
        } else {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
        webSocket.request(1); // the protocol has no binary frames: ignore them
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, java.nio.ByteBuffer message) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        end(null);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        end(new IOException("upstream websocket failed: " + RootCause.message(error), error));
    }

    private void end(IOException failure) {
        ended = true;
        items.add(new Ended(failure));
    }

    void abort() {
        ended = true;
        WebSocket s = socket;
        if (s != null) {
            s.abort();
        }
    }

    @Override
    public void close() {
        WebSocket s = socket;
        if (s != null && !s.isOutputClosed()) {
            s.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(1, TimeUnit.SECONDS)
                    .whenComplete((ignored, error) -> s.abort());
        }
        ended = true;
    }

    private static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    /** The events of one turn, up to and including its terminal event. */
    private final class Turn implements UpstreamEvents {
        private final boolean ownsSocket;
        private final Consumer<JsonNode> rateLimits;
        private boolean finished;

        Turn(boolean ownsSocket, Consumer<JsonNode> rateLimits) {
            this.ownsSocket = ownsSocket;
            this.rateLimits = rateLimits;
        }

        @Override
        public Transport transport() {
            return Transport.WEBSOCKET;
        }

        @Override
        public String header(String name) {
            return null;
        }

        @Override
        public SseEvent next() throws IOException {
            while (!finished) {
                Item item = take();
                if (item instanceof Ended end) {
                    items.add(end); // stays visible to whoever reads next
                    finished = true;
                    if (end.failure() != null) {
                        throw end.failure();
                    }
                    return null;
                }
                String text = ((Frame) item).text();
                socket.request(1);
                String type = WebSocketEvents.typeOf(text);
                if (RATE_LIMITS.equals(type)) {
                    // usage for the pool, not an answer event: SSE clients get the same data as headers
                    JsonNode json = Json.parseOrNull(text);
                    if (json != null) {
                        rateLimits.accept(json);
                    }
                    continue;
                }
                SseEvent event = WebSocketEvents.toSse(text);
                finished = event.endsStream();
                return event;
            }
            return null;
        }

        private Item take() throws IOException {
            try {
                Item item = items.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
                if (item == null) {
                    abort();
                    throw new SocketTimeoutException("upstream websocket silent for " + idleTimeout);
                }
                return item;
            } catch (InterruptedException e) {
                abort(); // the turn is abandoned half read: its remaining events must not reach the next turn
                throw RequestCancelled.interrupted("waiting for upstream");
            }
        }

        @Override
        public void close() {
            if (ownsSocket) {
                UpstreamWebSocket.this.close();
            } else if (!finished) {
                abort(); // a turn left half read would leave its remaining events on the socket
            }
        }
    }
}
