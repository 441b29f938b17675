package io.codexpool.proxy.transport.client.upgrade;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.spi.ServerConnection;

/**
 * Lets Tyrus's upgrader upgrade the connection and adds Tyrus's handshake response headers to its 101 reply. That
 * upgrader (Helidon 4.2.0) adds them to the request's headers, then writes a fixed reply; so the headers to add are
 * the values the request's headers gained.
 */
final class ReplyHeadersUpgrader implements Http1Upgrader {
    private final Http1Upgrader tyrus;

    ReplyHeadersUpgrader(Http1Upgrader tyrus) {
        this.tyrus = tyrus;
    }

    @Override
    public String supportedProtocol() {
        return tyrus.supportedProtocol();
    }

    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        Map<String, List<String>> sent = valuesByName(headers);
        SwitchingProtocolsWriter writer = new SwitchingProtocolsWriter(ctx.dataWriter(),
                () -> gained(sent, valuesByName(headers)));
        return tyrus.upgrade(new ContextWithWriter(ctx, writer), prologue, headers);
    }

    private static Map<String, List<String>> gained(Map<String, List<String>> before, Map<String, List<String>> after) {
        Map<String, List<String>> gained = new LinkedHashMap<>();
        after.forEach((name, values) -> {
            int had = before.getOrDefault(name, List.of()).size();
            if (values.size() > had) {
                gained.put(name, values.subList(had, values.size()));
            }
        });
        return gained;
    }

    private static Map<String, List<String>> valuesByName(Headers headers) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        // Helidon 4.2.0 names Tyrus's headers with their reply spelling in the place of the lower-case name
        headers.forEach(header -> values.computeIfAbsent(header.headerName().lowerCase().toLowerCase(Locale.ROOT),
                name -> new ArrayList<>()).addAll(header.allValues()));
        return values;
    }
}
