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
    void theWaitHookRunsBeforeEveryReadOfTheNetworkAndNotBetweenEventsAlreadyRead() throws IOException {
        String created = "event: response.created\ndata: {}\n\n";
        String delta = "event: response.output_text.delta\ndata: {\"delta\":\"x\"}\n\n";
        String completed = "event: response.completed\ndata: {}\n\n";
        List<String> seen = new ArrayList<>();
        // one read brings three events (well under the reader's 512-byte buffer), the next one the last
        List<byte[]> arrivals = new ArrayList<>(List.of((created + delta + delta).getBytes(StandardCharsets.UTF_8),
                completed.getBytes(StandardCharsets.UTF_8)));
        InputStream network = new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                seen.add("read");
                if (arrivals.isEmpty()) {
                    return -1;
                }
                byte[] arrival = arrivals.removeFirst();
                System.arraycopy(arrival, 0, b, off, arrival.length);
                return arrival.length;
            }
        };
        SseEventReader reader = new SseEventReader(network, 1024 * 1024);
        reader.beforeWaiting(() -> seen.add("flush"));
        for (SseEvent event = reader.next(); event != null; event = reader.next()) {
            seen.add(event.type());
        }
        assertEquals(List.of("flush", "read", "response.created", "response.output_text.delta",
                "response.output_text.delta", "flush", "read", "response.completed", "flush", "read"), seen);
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
