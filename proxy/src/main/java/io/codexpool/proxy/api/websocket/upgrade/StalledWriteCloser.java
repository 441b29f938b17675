package io.codexpool.proxy.api.websocket.upgrade;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.socket.HelidonSocket;

/**
 * Closes a client WebSocket's connection when one write has not finished within the send timeout: the client has
 * stopped reading. Frames are written on the sending thread, so without this a turn, its upstream stream and the
 * frame it holds would wait forever for a client that takes nothing; a close frame could not get through the full
 * buffers either, so the socket itself is closed, which ends the write with an error and the turn with it.
 */
final class StalledWriteCloser implements DataWriter {
    private static final Logger LOG = Logger.getLogger(StalledWriteCloser.class.getName());
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final DataWriter connection;
    private final HelidonSocket socket;
    private final Duration timeout;

    StalledWriteCloser(DataWriter connection, HelidonSocket socket, Duration timeout) {
        this.connection = connection;
        this.socket = socket;
        this.timeout = timeout;
    }

    @Override
    public void write(BufferData... buffers) {
        watched(() -> connection.write(buffers));
    }

    @Override
    public void write(BufferData buffer) {
        watched(() -> connection.write(buffer));
    }

    @Override
    public void writeNow(BufferData... buffers) {
        watched(() -> connection.writeNow(buffers));
    }

    @Override
    public void writeNow(BufferData buffer) {
        watched(() -> connection.writeNow(buffer));
    }

    /** Runs one write with a watch on it that closes the socket if the write outlasts the timeout. */
    private void watched(Runnable write) {
        ScheduledFuture<?> watch = WATCHDOG.schedule(this::closeStalled, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            write.run();
        } finally {
            watch.cancel(false);
        }
    }

    private void closeStalled() {
        LOG.warning(() -> "client WebSocket " + socket.socketId() + " took nothing for " + timeout.toSeconds()
                + " s: closing it (it is not reading)");
        socket.close();
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("websocket-write-watchdog").daemon().factory());
        executor.setRemoveOnCancelPolicy(true); // a watch per write: cancelled ones must not pile up
        return executor;
    }
}
