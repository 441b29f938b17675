package io.codexpool.proxy.api.websocket.upgrade;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.codexpool.proxy.pipeline.ClientIdentity;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.microprofile.tyrus.TyrusRouting;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.spi.ServerConnection;

import jakarta.enterprise.inject.spi.CDI;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;

/**
 * Lets Tyrus's upgrader upgrade the connection and adds Tyrus's handshake response headers to its 101 reply. That
 * upgrader (Helidon 4.2.0) adds them to the request's headers, then writes a fixed reply; so the headers to add are
 * the values the request's headers gained.
 *
 * <p>It also raises the Tyrus engine's incoming buffer, the largest single frame it reads: Helidon 4.2.0 builds the
 * engine with Tyrus's default of 4 MiB and offers no setting, so a request sent as one larger frame (as the Codex CLI
 * does) died with 1011 "Buffer overflow." The engine sits in a private holder of Helidon's upgrader; it is created
 * by its first upgrade and read again by each, so it is set before Tyrus's upgrader runs. Tyrus then reads the
 * connection through {@link WholeFrames}.
 *
 * <p>A handshake whose API key is refused (while keys are required) is not upgraded: it goes on as a plain GET, which
 * the proxy routes answer with the refusal, so a WebSocket client gets the same 401 body as an HTTP one.
 */
final class ReplyHeadersUpgrader implements Http1Upgrader {
    private static final Logger LOG = Logger.getLogger(ReplyHeadersUpgrader.class.getName());
    /** Room for a frame's header on top of its payload. */
    private static final int FRAME_HEADER_BYTES = 14;

    private final Http1Upgrader tyrus;
    private final int maxPayloadBytes;
    private final Duration sendTimeout;
    private volatile boolean engineSized;

    ReplyHeadersUpgrader(Http1Upgrader tyrus, long maxFrameBytes, Duration sendTimeout) {
        this.tyrus = tyrus;
        this.maxPayloadBytes = (int) Math.min(Integer.MAX_VALUE - FRAME_HEADER_BYTES, maxFrameBytes);
        this.sendTimeout = sendTimeout;
    }

    @Override
    public String supportedProtocol() {
        return tyrus.supportedProtocol();
    }

    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        if (!keyAccepted(headers)) {
            return null; // not upgraded: the route's GET answers with the key's refusal, as an HTTP request gets it
        }
        if (!engineSized) {
            sizeEngine(ctx);
        }
        Map<String, List<String>> sent = valuesByName(headers);
        SwitchingProtocolsWriter writer = new SwitchingProtocolsWriter(
                new StalledWriteCloser(ctx.dataWriter(), ctx.serverSocket(), sendTimeout),
                () -> gained(sent, valuesByName(headers)));
        return tyrus.upgrade(new ContextWithStreams(ctx, writer,
                WholeFrames.over(ctx.dataReader(), maxPayloadBytes)), prologue, headers);
    }

    /** Whether the handshake's API key lets it in (always, while keys are not required). */
    private static boolean keyAccepted(Headers headers) {
        return CDI.current().select(ClientIdentity.class).get()
                .letsIn(headers.first(HeaderNames.AUTHORIZATION).orElse(null));
    }

    private synchronized void sizeEngine(ConnectionContext ctx) {
        if (engineSized) {
            return;
        }
        engineSized = true;
        try {
            TyrusRouting routing = ctx.router().routing(TyrusRouting.class, null);
            if (routing == null) {
                return;
            }
            Field holderField = tyrus.getClass().getDeclaredField("engine");
            holderField.setAccessible(true);
            Object holder = holderField.get(tyrus);
            Method get = holder.getClass().getDeclaredMethod("get", TyrusRouting.class);
            get.setAccessible(true);
            if (get.invoke(holder, routing) instanceof TyrusWebSocketEngine engine) {
                engine.setIncomingBufferSize(maxPayloadBytes + FRAME_HEADER_BYTES);
                return;
            }
            LOG.warning("Tyrus engine not found; single WebSocket frames stay limited to 4 MiB");
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not raise the Tyrus incoming frame limit; single WebSocket frames stay "
                    + "limited to 4 MiB", e);
        }
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
