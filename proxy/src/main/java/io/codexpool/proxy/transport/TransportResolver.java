package io.codexpool.proxy.transport;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.settings.SettingsCache;
import io.codexpool.proxy.upstream.Transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Picks the upstream transport of a request, in the order of behaviour §6: the admin's explicit {@code http} /
 * {@code websocket} wins; {@code default} defers to {@code codexpool.upstream.transport}; {@code auto} sends image
 * generation over HTTP (its events break frame limits), native Codex clients and WebSocket-preferring models over
 * WebSocket, and everything else over HTTP.
 */
@ApplicationScoped
public class TransportResolver {
    private static final Set<String> NATIVE_ORIGINATORS = Set.of("codex_cli_rs", "codex_exec", "codex_vscode",
            "Codex Desktop", "codex_chatgpt_desktop", "codex_atlas");
    private static final List<String> NATIVE_HEADERS = List.of("x-codex-turn-state", "x-codex-turn-metadata",
            "x-codex-beta-features");

    private final SettingsCache settings;
    private final WebSocketModels models;
    private final UpstreamTransport configured;

    @Inject
    public TransportResolver(SettingsCache settings, WebSocketModels models,
                             @ConfigProperty(name = "codexpool.upstream.transport", defaultValue = "auto")
                             String configured) {
        this.settings = settings;
        this.models = models;
        this.configured = parse(configured);
    }

    /** @param headers the client's headers, lower-case names */
    public TransportChoice resolve(ObjectNode body, Map<String, List<String>> headers) {
        UpstreamTransport setting = settings.current().upstreamTransport();
        if (setting == UpstreamTransport.DEFAULT) {
            setting = configured;
        }
        return switch (setting) {
            case HTTP -> TransportChoice.HTTP;
            case WEBSOCKET -> new TransportChoice(Transport.WEBSOCKET, false);
            case AUTO, DEFAULT -> new TransportChoice(auto(body, headers), true);
        };
    }

    private Transport auto(ObjectNode body, Map<String, List<String>> headers) {
        if (hasImageGeneration(body)) {
            return Transport.HTTP;
        }
        if (nativeCodexClient(headers)) {
            return Transport.WEBSOCKET;
        }
        return models.prefersWebSockets(body.path("model").asText(null)) ? Transport.WEBSOCKET : Transport.HTTP;
    }

    private static boolean hasImageGeneration(ObjectNode body) {
        for (JsonNode tool : body.path("tools")) {
            if ("image_generation".equals(tool.path("type").asText(null))) {
                return true;
            }
        }
        return false;
    }

    private static boolean nativeCodexClient(Map<String, List<String>> headers) {
        List<String> originator = headers.get("originator");
        if (originator != null && originator.stream().anyMatch(NATIVE_ORIGINATORS::contains)) {
            return true;
        }
        return NATIVE_HEADERS.stream().anyMatch(headers::containsKey);
    }

    private static UpstreamTransport parse(String value) {
        String wire = value.strip().toLowerCase(Locale.ROOT);
        for (UpstreamTransport transport : UpstreamTransport.values()) {
            if (transport.wireName().equals(wire) && transport != UpstreamTransport.DEFAULT) {
                return transport;
            }
        }
        throw new IllegalArgumentException("codexpool.upstream.transport must be auto, http or websocket, not '"
                + value + "'");
    }
}
