package io.codexpool.proxy.upstream;

import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One attempt to open an upstream stream for a call on one account.
 *
 * @param accountId        our id of the account, which an upstream socket is kept for
 * @param chatgptAccountId the account's ChatGPT id for {@code chatgpt-account-id}, or null
 * @param rateLimits       receives the {@code codex.rate_limits} events a WebSocket upstream sends instead of headers
 */
public record UpstreamTurn(UpstreamCall call, String accountId, String chatgptAccountId, String accessToken,
                           Consumer<JsonNode> rateLimits) {
}
