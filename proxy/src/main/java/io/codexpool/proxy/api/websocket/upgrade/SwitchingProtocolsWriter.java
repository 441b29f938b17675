package io.codexpool.proxy.api.websocket.upgrade;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;

/**
 * Writes to the connection, adding header lines to its first write: the upgrader's 101 reply. Headers the reply
 * already has are left as they are. The headers are asked for only then, when the handshake has produced them.
 */
final class SwitchingProtocolsWriter implements DataWriter {
    private static final String HEADERS_END = "\r\n\r\n";

    private final DataWriter connection;
    private final Supplier<Map<String, List<String>>> headers;
    private volatile boolean replied;

    SwitchingProtocolsWriter(DataWriter connection, Supplier<Map<String, List<String>>> headers) {
        this.connection = connection;
        this.headers = headers;
    }

    @Override
    public void write(BufferData... buffers) {
        if (replied) {
            connection.write(buffers);
        } else {
            connection.write(reply(BufferData.create(buffers)));
        }
    }

    @Override
    public void write(BufferData buffer) {
        connection.write(replied ? buffer : reply(buffer));
    }

    @Override
    public void writeNow(BufferData... buffers) {
        if (replied) {
            connection.writeNow(buffers);
        } else {
            connection.writeNow(reply(BufferData.create(buffers)));
        }
    }

    @Override
    public void writeNow(BufferData buffer) {
        connection.writeNow(replied ? buffer : reply(buffer));
    }

    private BufferData reply(BufferData fixedReply) {
        replied = true;
        // header bytes are ISO-8859-1, so a value echoed from the request goes back byte for byte
        String reply = fixedReply.readString(fixedReply.available(), StandardCharsets.ISO_8859_1);
        int end = reply.indexOf(HEADERS_END);
        if (end < 0) {
            // not the whole reply in one write, unlike Helidon 4.2.0's upgrader: leave it as it is
            return BufferData.create(reply.getBytes(StandardCharsets.ISO_8859_1));
        }
        StringBuilder amended = new StringBuilder(reply.substring(0, end + 2));
        Set<String> present = headerNames(reply.substring(0, end));
        headers.get().forEach((name, values) -> {
            if (!present.contains(name)) {
                values.forEach(value -> amended.append(name).append(": ").append(value).append("\r\n"));
            }
        });
        amended.append(reply.substring(end + 2));
        return BufferData.create(amended.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Set<String> headerNames(String statusAndHeaders) {
        Set<String> names = new HashSet<>();
        List<String> lines = statusAndHeaders.lines().toList();
        for (String line : lines.subList(1, lines.size())) {
            names.add(line.substring(0, line.indexOf(':')).strip().toLowerCase(Locale.ROOT));
        }
        return names;
    }
}
