/**
 * A fake ChatGPT backend for the proxy's integration tests: a real Helidon SE HTTP + WebSocket server on 127.0.0.1
 * that speaks the Codex upstream protocol ({@code /backend-api/codex/responses} as SSE and WebSocket, compact,
 * {@code /wham/usage}, {@code /codex/models}) and the OpenAI auth endpoints ({@code /auth/oauth/token},
 * {@code /auth/oauth/authorize}, device code).
 *
 * <pre>{@code
 * try (FakeChatGptBackend fake = FakeChatGptBackend.start()) {
 *     // upstream base URL = fake.baseUrl(), OAuth base URL = fake.authBaseUrl()
 *     fake.account("acc-a").usage(20, 50)                          // expected token "access-acc-a"
 *         .enqueue(Reply.usageLimitReached(Instant.now().plusSeconds(3600)));
 *     fake.account("acc-b").enqueue(Reply.text("hi").delayBetweenEvents(Duration.ofMillis(5)));
 *     ... call the proxy ...
 *     assertEquals(1, fake.account("acc-b").responseCount());
 *     RecordedRequest r = fake.requests("acc-b", "/codex/responses").get(0);
 * }
 * }</pre>
 *
 * Accounts are keyed by the {@code chatgpt-account-id} header (created on first use; a request without that header
 * goes to the account whose token it carries, else to account {@code "default"}). Each account expects
 * {@code Authorization: Bearer <accessToken()>} (default {@code "access-" + id}) and answers 401 {@code token_expired}
 * otherwise. Default refresh tokens {@code "refresh-" + id} are recognised by {@link io.codexpool.proxy.fake.FakeOAuth};
 * a successful refresh or code exchange makes the newly issued access token the account's expected one.
 */
package io.codexpool.proxy.fake;
