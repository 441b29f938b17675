package io.codexpool.admin.webhooks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codexpool.admin.CodexPoolMain;
import io.codexpool.admin.accounts.FakeAuthJson;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.testing.Poll;
import io.codexpool.testing.ServiceProcess;
import io.codexpool.testing.TestMariaDb;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of the service on one database and loopback webhook receivers: a refused token refresh reaches the
 * receiver as {@code account.deactivated}; every account limited reaches it as {@code pool.exhausted} within 10 s,
 * once, however many requests and replicas see the pool exhausted; a receiver that fails is posted again.
 */
class WebhookAlertsReplicasTest {
    private static final Duration START = Duration.ofSeconds(120);
    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String API_TOKEN = "webhook-test-api-token-0123456789";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String REQUEST = "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void alertsReachReceiversOnceAcrossReplicasAndFailedPostsAreRetried() throws Exception {
        TestMariaDb.TestDatabaseUrl db = TestMariaDb.get().createDatabase();
        try (FakeChatGptBackend backend = FakeChatGptBackend.start();
             WebhookReceiver receiver = WebhookReceiver.answering(204);
             WebhookReceiver failing = WebhookReceiver.answering(500)) {
            Map<String, String> config = new HashMap<>(Map.of("codexpool.db.url", db.url(),
                    "codexpool.db.user", db.user(), "codexpool.db.password", db.password(),
                    "codexpool.encryption-key", KEY, "codexpool.admin.api-token", API_TOKEN,
                    "codexpool.upstream.base-url", backend.baseUrl(), "codexpool.auth.base-url", backend.authBaseUrl(),
                    "codexpool.jobs.lease-seconds", "3"));
            try (ServiceProcess first = ServiceProcess.start(CodexPoolMain.class.getName(), config);
                 ServiceProcess second = ServiceProcess.start(CodexPoolMain.class.getName(), config)) {
                first.awaitReady(START);
                second.awaitReady(START);
                try {
                    exercise(backend, receiver, failing, first, second);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n--- first replica:\n" + first.output()
                            + "\n--- second replica:\n" + second.output(), e);
                }
            }
        }
    }

    private void exercise(FakeChatGptBackend backend, WebhookReceiver receiver, WebhookReceiver failing,
                          ServiceProcess first, ServiceProcess second) throws Exception {
        JsonNode hook = json(api(first, "POST", "/api/admin/webhooks", "{\"url\":\"" + receiver.url()
                + "\",\"events\":[\"pool.exhausted\",\"account.deactivated\"]}", 201));
        assertFalse(hook.path("url").asText().contains("SECRET"), "URL masked: " + hook);
        api(first, "POST", "/api/admin/webhooks", "{\"url\":\"" + failing.url()
                + "\",\"events\":[\"pool.exhausted\",\"account.deactivated\"]}", 201);
        String listed = api(second, "GET", "/api/admin/webhooks", null, 200);
        assertFalse(listed.contains("SECRET"), listed);

        // A refused refresh: acc-x's token is past the refresh age, and the auth server refuses its refresh.
        backend.oauth().refreshError("refresh_token_reused");
        backend.account("acc-x").accessToken(FakeAuthJson.accessToken());
        api(first, "POST", "/api/admin/accounts", FakeAuthJson.authJson("x@example.com", "acc-x", "plus"),
                201);
        proxy(first); // the replica that imported it routes to it at once
        WebhookReceiver.Post deactivated = Poll.until("account.deactivated", Duration.ofSeconds(20),
                () -> receiver.posts("account.deactivated"), posts -> !posts.isEmpty()).getFirst();
        assertEquals("x@example.com", deactivated.body().path("subject").path("email").asText());
        assertTrue(deactivated.body().path("text").asText().contains("needs a new sign-in"),
                deactivated.body().toString());
        List<WebhookReceiver.Post> retried = Poll.until("a failed post retried", Duration.ofSeconds(20),
                () -> failing.posts("account.deactivated"), posts -> posts.size() >= 2);
        assertEquals(retried.get(0).body(), retried.get(1).body(), "the same delivery, posted again");

        // Every usable account limited: both answer 429 to one request (and keep doing so, for a replica that has
        // not re-read their status yet).
        backend.oauth().refreshError(null);
        Instant reset = Instant.now().plusSeconds(3600);
        for (String id : List.of("acc-y", "acc-z")) {
            backend.account(id).accessToken(FakeAuthJson.accessToken());
            for (int i = 0; i < 10; i++) {
                backend.account(id).enqueue(Reply.usageLimitReached(reset));
            }
            api(first, "POST", "/api/admin/accounts", FakeAuthJson.authJson(id.substring(4) + "@example.com",
                    id, "plus").replace("2026-11-20T10:00:00Z", Instant.now().toString()), 201);
        }
        assertEquals(429, proxy(first));
        Instant allLimited = Instant.now();
        // the other replica has read the new accounts (within its second-long refresh): it refuses too
        Poll.until("429 from the other replica", Duration.ofSeconds(10), () -> proxy(second), status -> status == 429);
        for (int i = 0; i < 4; i++) {
            assertEquals(429, proxy(i % 2 == 0 ? first : second));
        }
        WebhookReceiver.Post exhausted = Poll.until("pool.exhausted", Duration.ofSeconds(10),
                () -> receiver.posts("pool.exhausted"), posts -> !posts.isEmpty()).getFirst();
        assertTrue(Duration.between(allLimited, exhausted.receivedAt()).compareTo(Duration.ofSeconds(10)) < 0);
        assertTrue(exhausted.body().path("text").asText().contains("every account is limited"),
                exhausted.body().toString());
        assertTrue(exhausted.body().hasNonNull("occurredAt"));
        // The failing receiver's third try comes 2 s + 4 s after its first: by then both replicas have seen
        // the pool exhausted many times over, and more requests were refused.
        for (int i = 0; i < 4; i++) {
            assertEquals(429, proxy(i % 2 == 0 ? first : second));
        }
        Poll.until("three tries at the failing receiver", Duration.ofSeconds(30),
                () -> failing.posts("pool.exhausted"), posts -> posts.size() >= 3);
        assertEquals(1, receiver.posts("pool.exhausted").size(), "one delivery: " + receiver.all());
        assertEquals(1, receiver.posts("account.deactivated").size(), "one delivery: " + receiver.all());

        String events = api(second, "GET", "/api/admin/events?category=delivery", null, 200);
        assertTrue(events.contains("webhook.retrying") && events.contains("webhook.delivered"), events);
        assertFalse(events.contains("SECRET"), events);
    }

    private int proxy(ServiceProcess service) {
        try {
            return http.send(HttpRequest.newBuilder(service.uri("/v1/responses")).header("Content-Type",
                            "application/json").POST(HttpRequest.BodyPublishers.ofString(REQUEST)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String api(ServiceProcess service, String method, String path, String body, int status)
            throws Exception {
        URI uri = service.uri(path);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
        return response.body();
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }
}
