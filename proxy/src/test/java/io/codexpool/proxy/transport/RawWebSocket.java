package io.codexpool.proxy.transport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Test-only WebSocket client written by hand: it sends each message as one unsplit frame, as the Codex CLI does (the
 * JDK's client splits messages into 16 KiB frames), and answers pings like a real client.
 */
final class RawWebSocket implements AutoCloseable {
    static final int TEXT = 1;
    static final int BINARY = 2;
    private static final int CLOSE = 8;
    private static final int PING = 9;
    private static final int PONG = 10;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private int pingsAnswered;

    /** A received close frame's code, or -1 when the connection ended without one. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    static RawWebSocket connect(URI uri, Duration readTimeout) throws IOException {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout((int) readTimeout.toMillis());
        RawWebSocket ws = new RawWebSocket(socket);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n\r\n";
        ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        String status = ws.readHeaderBlock().split("\r\n", 2)[0];
        if (!status.contains(" 101 ")) {
            socket.close();
            throw new IOException("upgrade refused: " + status);
        }
        return ws;
    }

    private String readHeaderBlock() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the handshake reply");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    void sendText(String text) throws IOException {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one final, masked frame carrying the whole payload. */
    synchronized void send(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream(14);
        header.write(0x80 | opcode);
        int length = payload.length;
        if (length < 126) {
            header.write(0x80 | length);
        } else if (length < 65536) {
            header.write(0x80 | 126);
            header.write(length >>> 8);
            header.write(length);
        } else {
            header.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) ((long) length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        header.write(mask, 0, 4);
        byte[] masked = new byte[length];
        for (int i = 0; i < length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        out.write(header.toByteArray());
        out.write(masked);
        out.flush();
    }

    /** The next data or close frame; pings are answered on the way. */
    Frame next() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            int opcode = first & 0x0f;
            if (opcode == PING) {
                send(PONG, payload);
                pingsAnswered++;
                continue;
            }
            if (opcode != PONG) {
                return new Frame(opcode, payload);
            }
        }
    }

    /** The JSON events of one turn, up to its terminal event or error frame. */
    List<JsonNode> turn() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        while (true) {
            Frame frame = next();
            if (frame.opcode() != TEXT) {
                throw new IOException("frame " + frame.opcode() + " in a turn after " + events);
            }
            JsonNode event = Json.parseOrNull(frame.text());
            events.add(event);
            String type = event.path("type").asText();
            if (type.equals("error") || type.equals("response.completed") || type.equals("response.failed")
                    || type.equals("response.incomplete")) {
                return events;
            }
        }
    }

    /** The close code the server sent, skipping any data frames; -1 when the connection ended without a close. */
    int awaitClose() throws IOException {
        while (true) {
            Frame frame;
            try {
                frame = next();
            } catch (EOFException e) {
                return -1;
            }
            if (frame.opcode() == CLOSE) {
                return frame.closeCode();
            }
        }
    }

    int pingsAnswered() {
        return pingsAnswered;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
