package io.codexpool.proxy.upstream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SseEventReaderTest {
    @Test
    void eventsLargerThanEveryBufferComeOutWholeAndSmallOnesAfterThemToo() throws IOException {
        String small = "event: response.created\ndata: {\"type\":\"response.created\"}\n\n";
        String large = "event: response.image_generation_call.partial_image\ndata: {\"b64\":\""
                + "A".repeat(3 * 1024 * 1024) + "\"}\n\n";
        String last = "event: response.completed\r\ndata: {\"type\":\"response.completed\"}\r\n\r\n";
        SseEventReader reader = new SseEventReader(trickle(small + large + "\n" + small + last), 16 * 1024 * 1024);

        assertArrayEquals(small.getBytes(StandardCharsets.UTF_8), reader.next().raw());
        SseEvent big = reader.next();
        assertEquals("response.image_generation_call.partial_image", big.type());
        assertArrayEquals(large.getBytes(StandardCharsets.UTF_8), big.raw());
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        big.writeTo(written);
        assertArrayEquals(large.getBytes(StandardCharsets.UTF_8), written.toByteArray());
        assertEquals("response.created", reader.next().type());
        assertEquals("response.completed", reader.next().type());
        assertNull(reader.next());
    }

    @Test
    void theWaitHookRunsOnlyWhenNothingMoreHasArrivedNotBetweenEventsThatCameTogether() throws IOException {
        String created = "event: response.created\ndata: {}\n\n";
        String delta = "event: response.output_text.delta\ndata: {\"delta\":\"" + "x".repeat(600) + "\"}\n\n";
        String completed = "event: response.completed\ndata: {}\n\n";
        // two arrivals: the first holds two events (the second longer than the reader's buffer), the second one
        List<byte[]> arrivals = new ArrayList<>(List.of((created + delta).getBytes(StandardCharsets.UTF_8),
                completed.getBytes(StandardCharsets.UTF_8)));
        InputStream network = new InputStream() {
            private ByteArrayInputStream current = new ByteArrayInputStream(new byte[0]);

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (current.available() == 0) {
                    if (arrivals.isEmpty()) {
                        return -1;
                    }
                    current = new ByteArrayInputStream(arrivals.removeFirst()); // waited for the network
                }
                return current.read(b, off, len);
            }

            @Override
            public int available() {
                return current.available();
            }
        };
        List<String> seen = new ArrayList<>();
        SseEventReader reader = new SseEventReader(network, 1024 * 1024);
        reader.beforeWaiting(() -> seen.add("wait"));
        for (SseEvent event = reader.next(); event != null; event = reader.next()) {
            seen.add(event.type());
        }
        assertEquals(List.of("wait", "response.created", "response.output_text.delta", "wait",
                "response.completed", "wait"), seen);
    }

    @Test
    void anEventOverTheLimitIsRefused() {
        String event = "data: " + "x".repeat(2000) + "\n\n";
        SseEventReader reader = new SseEventReader(trickle(event), 1000);
        assertThrows(EventTooLargeException.class, reader::next);
    }

    /** A stream that hands out at most 3,000 bytes per read, as a socket does. */
    private static InputStream trickle(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3000));
            }
        };
    }
}
