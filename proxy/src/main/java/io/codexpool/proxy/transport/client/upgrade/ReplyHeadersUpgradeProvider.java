package io.codexpool.proxy.transport.client.upgrade;

import io.helidon.common.Weight;
import io.helidon.common.Weighted;
import io.helidon.microprofile.tyrus.TyrusUpgradeProvider;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.websocket.WsConfig;

/**
 * Helidon's Tyrus WebSocket upgrades, with a 101 reply that carries the headers the endpoint answered the handshake
 * with (such as {@code x-codex-turn-state}): Helidon 4.2.0's upgrader leaves them out. Helidon keeps the first
 * upgrader of a protocol, taking providers by weight, so this one outweighs Helidon's.
 */
@Weight(Weighted.DEFAULT_WEIGHT + 100)
public final class ReplyHeadersUpgradeProvider extends TyrusUpgradeProvider {
    @Override
    public Http1Upgrader create(WsConfig config, ProtocolConfigs configs) {
        return new ReplyHeadersUpgrader(super.create(config, configs));
    }
}
