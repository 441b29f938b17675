package io.codexpool.proxy.pipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The client's output stream for a relay whose upstream says when it is about to wait (every read from the network):
 * a sink's flush after each event only marks the stream as due, and the bytes go out in one flush before the relay
 * next waits for upstream, or at the end. Events that arrive together then leave together (one write and one chunk
 * instead of one per event), and no event is held back while upstream is quiet.
 */
final class FlushBeforeWait extends OutputStream {
    private final OutputStream out;
    private boolean due;

    FlushBeforeWait(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    @Override
    public void flush() {
        due = true;
    }

    /** Sends what was written since the last flush; a client gone is {@link StreamRelay.ClientGone}. */
    void flushIfDue() {
        if (!due) {
            return;
        }
        due = false;
        try {
            out.flush();
        } catch (IOException e) {
            throw new StreamRelay.ClientGone(e);
        } catch (UncheckedIOException e) {
            throw new StreamRelay.ClientGone(e.getCause());
        }
    }
}
