package io.codexpool.proxy.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits an upstream byte stream into events as bytes arrive, holding at most one event in memory and refusing one
 * larger than the limit. Every open stream keeps one reader for as long as it is open, most of that time waiting, so
 * its buffers are small: a 512-byte read buffer (the connection below buffers 8 KiB already and hands out one chunk,
 * usually one event, per read), and an event buffer that starts at 512 bytes, the size of a typical delta.
 * Small events are copied out of it; an event over 4 KiB (a response echoed in full, an image) takes the buffer
 * along, so a stream never keeps a grown buffer while it waits, and such an event costs no copy.
 */
public final class SseEventReader {
    private static final int READ_BUFFER_BYTES = 512;
    private static final int SMALL_EVENT_BYTES = 512;
    private static final int KEPT_EVENT_BYTES = 4 * 1024;

    private final InputStream in;
    private final int maxEventBytes;
    private final byte[] buffer = new byte[READ_BUFFER_BYTES];
    private int position;
    private int limit;
    private byte[] event = new byte[SMALL_EVENT_BYTES];
    private int eventLength;
    /** The last event type read: streams repeat a few types, and reusing the string spares one per event. */
    private String lastType;
    private Runnable beforeWaiting = () -> { };

    public SseEventReader(InputStream in, int maxEventBytes) {
        this.in = in;
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Runs {@code action} before each read from the stream below, any of which may wait for the network; between two
     * such reads the reader hands out the events it already holds.
     */
    public void beforeWaiting(Runnable action) {
        beforeWaiting = action;
    }

    /** The next event, or null when the stream ends (a partial event at the end is dropped). */
    public SseEvent next() throws IOException {
        eventLength = 0;
        String eventType = null;
        boolean content = false;
        while (true) {
            int lineStart = eventLength;
            if (!readLine()) {
                return null;
            }
            int lineLength = eventLength - lineStart;
            boolean blank = lineLength == 1 || (lineLength == 2 && event[lineStart] == '\r');
            if (blank) {
                if (content) {
                    return complete(eventType);
                }
                eventLength = 0; // stray blank lines between events
                continue;
            }
            content = true;
            if (startsWith(lineStart, "event:")) {
                eventType = type(lineStart + 6, lineStart + lineLength);
            }
        }
    }

    private SseEvent complete(String eventType) {
        if (event.length <= KEPT_EVENT_BYTES) {
            return new SseEvent(Arrays.copyOf(event, eventLength), eventLength, eventType);
        }
        SseEvent large = new SseEvent(event, eventLength, eventType);
        event = new byte[SMALL_EVENT_BYTES];
        return large;
    }

    /** The type named on an {@code event:} line, from after the colon to the line's end. */
    private String type(int from, int to) {
        while (from < to && event[from] == ' ') {
            from++;
        }
        while (to > from && (event[to - 1] == '\n' || event[to - 1] == '\r' || event[to - 1] == ' ')) {
            to--;
        }
        if (lastType == null || !sameAscii(lastType, from, to)) {
            lastType = new String(event, from, to - from, StandardCharsets.UTF_8);
        }
        return lastType;
    }

    private boolean sameAscii(String text, int from, int to) {
        if (text.length() != to - from) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (event[from + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Appends one line, with its newline, to the event; false at end of stream. */
    private boolean readLine() throws IOException {
        while (true) {
            if (position == limit) {
                // the read may wait for the network; asking whether it would (available()) cost 30 µs a call on
                // the JDK's chunked stream below Jersey, more than relaying an event
                beforeWaiting.run();
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return false;
                }
            }
            int newline = -1;
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? limit : newline + 1;
            append(position, end - position);
            position = end;
            if (newline >= 0) {
                return true;
            }
        }
    }

    private void append(int from, int length) throws EventTooLargeException {
        int needed = eventLength + length;
        if (needed > maxEventBytes) {
            throw new EventTooLargeException(maxEventBytes);
        }
        if (needed > event.length) {
            event = Arrays.copyOf(event, Math.min(maxEventBytes, Math.max(needed, event.length * 2)));
        }
        System.arraycopy(buffer, from, event, eventLength, length);
        eventLength = needed;
    }

    private boolean startsWith(int offset, String prefix) {
        if (eventLength - offset < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (event[offset + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
