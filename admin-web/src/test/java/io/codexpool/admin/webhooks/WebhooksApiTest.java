package io.codexpool.admin.webhooks;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codexpool.admin.web.AdminClient;
import io.codexpool.testing.Poll;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webhooks API and the audit log behind it: bad input is refused naming the field, URLs are masked everywhere
 * after creation, a test post reaches the receiver, deletes are 404 the second time, and settings changes are logged
 * with old and new values.
 */
@ExtendWith(TestDatabase.class)
@HelidonTest
class WebhooksApiTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void webhooksAreValidatedMaskedTestedAndDeleted() throws Exception {
        AdminClient admin = new AdminClient().signIn();
        assertEquals("url", error(admin.api("POST", "/api/admin/webhooks",
                "{\"url\":\"ftp://example.com/x\",\"events\":[\"pool.low\"]}"), 400));
        assertEquals("events", error(admin.api("POST", "/api/admin/webhooks",
                "{\"url\":\"https://example.com/x\",\"events\":[\"pool.sunny\"]}"), 400));
        assertEquals("events", error(admin.api("POST", "/api/admin/webhooks",
                "{\"url\":\"https://example.com/x\",\"events\":[]}"), 400));
        assertEquals("url", error(admin.api("POST", "/api/admin/webhooks", "{\"events\":[\"pool.low\"]}"), 400));

        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            HttpResponse<String> created = admin.api("POST", "/api/admin/webhooks", "{\"url\":\"" + receiver.url()
                    + "\",\"events\":[\"pool.low\",\"pool.exhausted\"]}");
            assertEquals(201, created.statusCode(), created.body());
            JsonNode webhook = MAPPER.readTree(created.body());
            String id = webhook.path("id").asText();
            assertEquals("http://127.0.0.1:" + receiver.url().split(":")[2].split("/")[0] + "/…",
                    webhook.path("url").asText());
            assertEquals("[\"pool.low\",\"pool.exhausted\"]", webhook.path("events").toString());
            String list = admin.api("GET", "/api/admin/webhooks", null).body();
            assertTrue(list.contains(id) && !list.contains("SECRET"), list);
            HttpResponse<String> page = admin.get("/admin/webhooks");
            assertEquals(200, page.statusCode(), "the page renders with a webhook on it");
            assertTrue(page.body().contains("/admin/webhooks/" + id + "/test")
                    && page.body().contains("/admin/webhooks/" + id + "/delete"), page.body());
            assertFalse(page.body().contains("SECRET"));

            assertEquals(202, admin.api("POST", "/api/admin/webhooks/" + id + "/test", null).statusCode());
            JsonNode test = Poll.until("test post", Duration.ofSeconds(15), () -> receiver.posts("webhook.test"),
                    posts -> !posts.isEmpty()).getFirst().body();
            assertTrue(test.path("text").asText().contains("test message"), test.toString());
            assertEquals(id, test.path("subject").path("id").asText());
            String deliveries = Poll.until("delivery logged", Duration.ofSeconds(10),
                    () -> admin.api("GET", "/api/admin/events?category=delivery", null).body(),
                    body -> body.contains("webhook.delivered"));
            assertFalse(deliveries.contains("SECRET"), deliveries);

            assertEquals(204, admin.api("DELETE", "/api/admin/webhooks/" + id, null).statusCode());
            assertEquals(404, admin.api("DELETE", "/api/admin/webhooks/" + id, null).statusCode());
            assertEquals(404, admin.api("POST", "/api/admin/webhooks/" + id + "/test", null).statusCode());
            String audit = admin.api("GET", "/api/admin/events?category=admin&q=webhook", null).body();
            assertTrue(audit.contains("webhook.added") && audit.contains("webhook.tested")
                    && audit.contains("webhook.deleted"), audit);
            assertFalse(audit.contains("SECRET"), audit);
        }
    }

    @Test
    void settingsChangesAreAuditedWithOldAndNewValuesAndPoolLowPercentIsChecked() throws Exception {
        AdminClient admin = new AdminClient().signIn();
        assertEquals("poolLowPercent", error(admin.api("PUT", "/api/admin/settings",
                "{\"poolLowPercent\": 150}"), 400));
        HttpResponse<String> saved = admin.api("PUT", "/api/admin/settings",
                "{\"poolLowPercent\": 15, \"promptCacheAffinityTtlSeconds\": 900}");
        assertEquals(200, saved.statusCode(), saved.body());
        assertEquals(15, MAPPER.readTree(saved.body()).path("poolLowPercent").asInt());
        JsonNode events = MAPPER.readTree(admin.api("GET", "/api/admin/events?action=settings.changed", null).body());
        JsonNode change = events.path("events").get(0);
        assertEquals("admin", change.path("actor").asText());
        assertEquals("127.0.0.1", change.path("clientAddress").asText());
        assertTrue(change.path("detail").asText().contains("poolLowPercent: 10 → 15"), change.toString());
        assertTrue(change.path("detail").asText().contains("promptCacheAffinityTtlSeconds: 1800 → 900"),
                change.toString());
        assertEquals("category", error(admin.api("GET", "/api/admin/events?category=gossip", null), 400));
        assertEquals("limit", error(admin.api("GET", "/api/admin/events?limit=0", null), 400));
    }

    private static String error(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return MAPPER.readTree(response.body()).path("error").path("field").asText();
    }
}
