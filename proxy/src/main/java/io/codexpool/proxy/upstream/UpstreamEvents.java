package io.codexpool.proxy.upstream;

import java.io.IOException;

/**
 * An opened upstream stream, whatever carried it: events one at a time as they arrive, each in SSE form so the
 * relay and every sink treat both transports alike.
 */
public interface UpstreamEvents extends AutoCloseable {
    Transport transport();

    /** A header of the upstream reply, or null (a WebSocket handshake's headers are not visible to us). */
    String header(String name);

    /**
     * The next event, or null when the stream ended.
     *
     * @throws java.net.SocketTimeoutException when upstream stayed silent past the idle timeout
     * @throws io.codexpool.proxy.upstream.EventTooLargeException when one event passed the size limit
     */
    SseEvent next() throws IOException;

    /**
     * Has {@code action} run whenever {@link #next()} is about to read from the network (and may wait), so that a
     * relay can write the events read together and flush once, yet never hold an event back while upstream is quiet.
     *
     * @return false when this stream cannot tell (then the relay flushes every event)
     */
    default boolean beforeWaiting(Runnable action) {
        return false;
    }

    @Override
    void close();
}
