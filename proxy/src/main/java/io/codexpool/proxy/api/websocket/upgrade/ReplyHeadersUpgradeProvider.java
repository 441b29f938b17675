package io.codexpool.proxy.api.websocket.upgrade;

import java.time.Duration;

import io.helidon.common.Weight;
import io.helidon.common.Weighted;
import io.helidon.microprofile.tyrus.TyrusUpgradeProvider;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.websocket.WsConfig;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Helidon's Tyrus WebSocket upgrades, with a 101 reply that carries the headers the endpoint answered the handshake
 * with (such as {@code x-codex-turn-state}): Helidon 4.2.0's upgrader leaves them out. Helidon keeps the first
 * upgrader of a protocol, taking providers by weight, so this one outweighs Helidon's. Single frames may be as large
 * as a request body ({@code codexpool.proxy.max-body-bytes}); a client that takes no data for
 * {@code codexpool.proxy.websocket-send-timeout-seconds} is disconnected.
 */
@Weight(Weighted.DEFAULT_WEIGHT + 100)
public final class ReplyHeadersUpgradeProvider extends TyrusUpgradeProvider {
    @Override
    public Http1Upgrader create(WsConfig config, ProtocolConfigs configs) {
        long maxFrameBytes = ConfigProvider.getConfig()
                .getOptionalValue("codexpool.proxy.max-body-bytes", Long.class).orElse(33_554_432L);
        long sendTimeoutSeconds = ConfigProvider.getConfig()
                .getOptionalValue("codexpool.proxy.websocket-send-timeout-seconds", Long.class).orElse(30L);
        return new ReplyHeadersUpgrader(super.create(config, configs), maxFrameBytes,
                Duration.ofSeconds(sendTimeoutSeconds));
    }
}
