package io.codexpool.proxy.transport;

import java.util.function.Consumer;

import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.responses.ProxyCall;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One attempt to open an upstream stream for a call on one account.
 *
 * @param rateLimits receives the {@code codex.rate_limits} events a WebSocket upstream sends instead of headers
 */
public record UpstreamTurn(ProxyCall call, AccountState account, String accessToken,
                           Consumer<JsonNode> rateLimits) {
}
