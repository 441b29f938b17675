package io.codexpool.proxy.api.websocket.upgrade;

import java.util.function.Supplier;

import io.helidon.common.buffers.DataReader;

/**
 * Reads a client WebSocket connection one whole frame at a time, for Tyrus. Tyrus keeps the unread part of a frame in
 * a buffer it grows by a few hundred bytes per chunk it is handed, copying what it holds each time, so a frame of a
 * few MiB handed over in socket-sized chunks took seconds of copying. Given whole frames it copies each once. A frame
 * larger than the limit is passed on as it comes, for Tyrus to refuse, rather than buffered.
 */
final class WholeFrames implements Supplier<byte[]> {
    private final DataReader socket;
    private final long maxPayloadBytes;
    /** Bytes of an oversized frame still to pass on as they come. */
    private long passThrough;

    WholeFrames(DataReader socket, long maxPayloadBytes) {
        this.socket = socket;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** A reader of whole frames over {@code socket}. */
    static DataReader over(DataReader socket, long maxPayloadBytes) {
        return new DataReader(new WholeFrames(socket, maxPayloadBytes));
    }

    @Override
    public byte[] get() {
        if (passThrough > 0) {
            socket.ensureAvailable(); // only what has arrived: a frame that claims gigabytes is never held
            byte[] bytes = socket.readBytes((int) Math.min(passThrough, socket.available()));
            passThrough -= bytes.length;
            return bytes;
        }
        byte[] start = socket.readBytes(2);
        int lengthBytes = switch (start[1] & 0x7F) {
            case 126 -> 2;
            case 127 -> 8;
            default -> 0;
        };
        byte[] length = lengthBytes == 0 ? new byte[0] : socket.readBytes(lengthBytes);
        long payload = lengthBytes == 0 ? start[1] & 0x7F : unsigned(length);
        int maskBytes = (start[1] & 0x80) != 0 ? 4 : 0;
        byte[] header = new byte[2 + lengthBytes];
        System.arraycopy(start, 0, header, 0, 2);
        System.arraycopy(length, 0, header, 2, lengthBytes);
        if (payload < 0 || payload > maxPayloadBytes) {
            passThrough = payload < 0 ? Long.MAX_VALUE : payload + maskBytes;
            return header;
        }
        byte[] rest = socket.readBytes((int) payload + maskBytes);
        byte[] frame = new byte[header.length + rest.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(rest, 0, frame, header.length, rest.length);
        return frame;
    }

    private static long unsigned(byte[] bigEndian) {
        long value = 0;
        for (byte b : bigEndian) {
            value = (value << 8) | (b & 0xFF);
        }
        return value;
    }
}
