package io.codexpool.proxy.api.websocket.upgrade;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class WholeFramesTest {
    @Test
    void framesArrivingInSmallChunksComeOutWholeOneAtATime() {
        byte[] small = frame(5);
        byte[] medium = frame(300); // 16-bit length
        byte[] large = frame(70_000); // 64-bit length
        DataReader whole = WholeFrames.over(chunked(1024, small, medium, large), 1_000_000);
        assertArrayEquals(small, next(whole));
        assertArrayEquals(medium, next(whole));
        assertArrayEquals(large, next(whole));
    }

    @Test
    void aFrameOverTheLimitIsPassedOnAsItComesForTyrusToRefuse() {
        byte[] oversized = frame(5_000);
        byte[] after = frame(3);
        DataReader whole = WholeFrames.over(chunked(1024, oversized, after), 4_000);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (seen.size() < oversized.length) {
            seen.writeBytes(next(whole));
        }
        assertArrayEquals(oversized, seen.toByteArray());
        assertArrayEquals(after, next(whole), "frames after it are whole again");
    }

    /** The next piece the reader hands on: what Helidon's Tyrus connection reads each time. */
    private static byte[] next(DataReader reader) {
        BufferData buffer = reader.readBuffer();
        byte[] bytes = new byte[buffer.available()];
        buffer.read(bytes);
        return bytes;
    }

    /** A masked client text frame with a payload of this size. */
    private static byte[] frame(int payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x81); // FIN, text
        if (payload < 126) {
            out.write(0x80 | payload);
        } else if (payload <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write(payload >>> 8);
            out.write(payload & 0xFF);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (((long) payload >>> shift) & 0xFF));
            }
        }
        out.writeBytes(new byte[] {1, 2, 3, 4});
        byte[] body = new byte[payload];
        Arrays.fill(body, (byte) 'x');
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** A socket that delivers these bytes in chunks of {@code size}. */
    private static DataReader chunked(int size, byte[]... frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            all.writeBytes(frame);
        }
        byte[] bytes = all.toByteArray();
        Deque<byte[]> chunks = new ArrayDeque<>();
        for (int i = 0; i < bytes.length; i += size) {
            chunks.add(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size)));
        }
        return new DataReader(chunks::poll);
    }
}
