package io.codexpool.proxy.api.websocket.upgrade;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SwitchingProtocolsWriterTest {
    private static final String FIXED_REPLY = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
            + "Upgrade: websocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

    private final List<String> written = new ArrayList<>();
    private final DataWriter connection = new DataWriter() {
        @Override
        public void write(BufferData... buffers) {
            write(BufferData.create(buffers));
        }

        @Override
        public void write(BufferData buffer) {
            written.add(buffer.readString(buffer.available(), StandardCharsets.ISO_8859_1));
        }

        @Override
        public void writeNow(BufferData... buffers) {
            write(buffers);
        }

        @Override
        public void writeNow(BufferData buffer) {
            write(buffer);
        }
    };

    @Test
    void theReplyGetsTheHeadersItLacksAndLaterWritesPassAsTheyAre() {
        Map<String, List<String>> handshakeHeaders = new LinkedHashMap<>();
        handshakeHeaders.put("upgrade", List.of("websocket"));
        handshakeHeaders.put("sec-websocket-accept", List.of("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
        handshakeHeaders.put("x-codex-turn-state", List.of("abc"));
        SwitchingProtocolsWriter writer = new SwitchingProtocolsWriter(connection, () -> handshakeHeaders);

        writer.write(BufferData.create(FIXED_REPLY));
        writer.writeNow(BufferData.create("frame"));

        assertEquals(List.of(FIXED_REPLY.replace("\r\n\r\n", "\r\nx-codex-turn-state: abc\r\n\r\n"), "frame"),
                written);
    }
}
