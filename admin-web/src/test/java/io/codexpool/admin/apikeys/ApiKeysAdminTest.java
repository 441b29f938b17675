package io.codexpool.admin.apikeys;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codexpool.admin.web.AdminClient;
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.requestlogs.RequestLogRepository;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API keys pages and JSON API against a real database, through real HTTP. */
@ExtendWith(TestDatabase.class)
@HelidonTest
class ApiKeysAdminTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SECRET = Pattern.compile("cpk_[A-Za-z0-9_-]{43}");
    private static AdminClient admin;

    @Inject
    RequestLogRepository requestLogs;

    @BeforeEach
    void signIn() {
        if (admin == null) {
            admin = new AdminClient().signIn();
        }
    }

    @Test
    void theApiCreatesReadsChangesRegeneratesDisablesAndDeletesKeysInCamelCase() throws Exception {
        HttpResponse<String> created = admin.api("POST", "/api/admin/api-keys", """
                {"name":"ci","allowedModels":["gpt-5.4"],"maxConcurrentTurns":2,
                 "limits":[{"metric":"tokens","window":"day","max":30000,"model":null},
                           {"metric":"cost_usd","window":"month","max":12.5,"model":"gpt-5.4"}]}""");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode key = JSON.readTree(created.body());
        String secret = key.path("key").asText();
        assertTrue(SECRET.matcher(secret).matches(), secret);
        assertEquals(secret.substring(0, 12), key.path("prefix").asText());
        for (String field : List.of("id", "name", "prefix", "enabled", "expiresAt", "allowedModels", "accountIds",
                "maxConcurrentTurns", "limits", "lastUsedAt", "createdAt")) {
            assertTrue(key.has(field), field + " in " + key);
        }
        JsonNode rule = key.path("limits").get(1);
        assertEquals("cost_usd", rule.path("metric").asText());
        assertEquals("month", rule.path("window").asText());
        assertEquals(12.5, rule.path("max").asDouble());
        assertEquals("gpt-5.4", rule.path("model").asText());
        assertEquals(0, rule.path("used").asDouble());
        assertTrue(rule.path("resetsAt").asText().endsWith("T00:00:00Z"), rule.toString());
        String id = key.path("id").asText();

        assertFalse(admin.api("GET", "/api/admin/api-keys", null).body().contains(secret), "listed without secret");
        HttpResponse<String> changed = admin.api("PUT", "/api/admin/api-keys/" + id, "{\"name\":\"ci-2\"}");
        assertEquals(200, changed.statusCode(), changed.body());
        JsonNode after = JSON.readTree(changed.body());
        assertEquals("ci-2", after.path("name").asText());
        assertEquals(2, after.path("maxConcurrentTurns").asInt(), "left out, kept");
        assertEquals(2, after.path("limits").size(), "left out, kept");
        assertFalse(after.has("key"));

        HttpResponse<String> bad = admin.api("PUT", "/api/admin/api-keys/" + id,
                "{\"limits\":[{\"metric\":\"words\",\"window\":\"day\",\"max\":1}]}");
        assertEquals(400, bad.statusCode());
        assertEquals("limits", JSON.readTree(bad.body()).path("error").path("field").asText(), bad.body());
        assertEquals(400, admin.api("PUT", "/api/admin/api-keys/" + id, "{\"maxConcurrentTurns\":0}").statusCode());
        assertEquals(400, admin.api("PUT", "/api/admin/api-keys/" + id, "{\"accountIds\":[\"nope\"]}").statusCode());
        assertEquals(400, admin.api("PUT", "/api/admin/api-keys/" + id, "{\"colour\":\"red\"}").statusCode());
        assertEquals(400, admin.api("POST", "/api/admin/api-keys", "{\"maxConcurrentTurns\":2}").statusCode(),
                "a name is required");

        HttpResponse<String> regenerated = admin.api("POST", "/api/admin/api-keys/" + id + "/regenerate", null);
        assertEquals(200, regenerated.statusCode());
        String newSecret = JSON.readTree(regenerated.body()).path("key").asText();
        assertNotEquals(secret, newSecret);
        assertEquals(List.of(newSecret.substring(0, 12)), TestDatabase.column(
                "select key_prefix from api_keys where id = '" + id + "'"));
        assertFalse(TestDatabase.column("select concat(key_hash, key_prefix, coalesce(limit_rules, '')) from api_keys")
                .toString().contains(newSecret), "only the hash is stored");

        assertFalse(JSON.readTree(admin.api("POST", "/api/admin/api-keys/" + id + "/disable", null).body())
                .path("enabled").asBoolean());
        assertTrue(JSON.readTree(admin.api("POST", "/api/admin/api-keys/" + id + "/enable", null).body())
                .path("enabled").asBoolean());
        assertEquals(204, admin.api("DELETE", "/api/admin/api-keys/" + id, null).statusCode());
        assertEquals(404, admin.api("GET", "/api/admin/api-keys/" + id, null).statusCode());
    }

    @Test
    void everyChangeToAKeyIsInTheAuditLogByNameAndIdWithoutItsSecret() throws Exception {
        JsonNode created = JSON.readTree(admin.api("POST", "/api/admin/api-keys",
                "{\"name\":\"audited\",\"maxConcurrentTurns\":2}").body());
        String id = created.path("id").asText();
        String secret = created.path("key").asText();
        admin.api("PUT", "/api/admin/api-keys/" + id, "{\"name\":\"audited-2\",\"maxConcurrentTurns\":3}");
        String regenerated = JSON.readTree(admin.api("POST", "/api/admin/api-keys/" + id + "/regenerate", null)
                .body()).path("key").asText();
        admin.api("POST", "/api/admin/api-keys/" + id + "/disable", null);
        admin.submit("/admin/api-keys/" + id + "/enable", Map.of()); // the pages record the same way
        assertEquals(204, admin.api("DELETE", "/api/admin/api-keys/" + id, null).statusCode());

        JsonNode events = JSON.readTree(admin.api("GET", "/api/admin/events?category=admin&q=" + id, null).body())
                .path("events");
        assertEquals(List.of("api_key.deleted", "api_key.enabled", "api_key.disabled", "api_key.regenerated",
                "api_key.changed", "api_key.created"), events.findValuesAsText("action"), events.toString());
        for (JsonNode event : events) {
            assertEquals("admin", event.path("actor").asText(), event.toString());
            assertEquals("127.0.0.1", event.path("clientAddress").asText(), event.toString());
        }
        assertEquals("audited (" + id + ")", events.get(5).path("subject").asText());
        assertEquals("audited-2 (" + id + ")", events.get(0).path("subject").asText());
        assertEquals("name: audited → audited-2; maxConcurrentTurns: 2 → 3", events.get(4).path("detail").asText());
        for (String text : List.of(events.toString(), admin.get("/admin/events?q=" + id).body())) {
            assertFalse(text.contains(secret) || text.contains(regenerated), "no secret in the audit log");
            assertFalse(text.contains(secret.substring(0, 12)) || text.contains(regenerated.substring(0, 12)),
                    "not even its prefix");
        }
        assertTrue(admin.get("/admin/events?q=" + id).body().contains("api_key.regenerated"), "on the events page");
    }

    @Test
    void theCreatePageShowsTheSecretOnceAndNoOtherPageShowsIt() {
        HttpResponse<String> created = admin.submit("/admin/api-keys", Map.of("name", "laptop",
                "limits", "tokens day 1000\nrequests 5h 50 gpt-5.4", "maxConcurrentTurns", "3"));
        assertEquals(200, created.statusCode(), created.body());
        Matcher secret = SECRET.matcher(created.body());
        assertTrue(secret.find(), created.body());
        assertTrue(created.body().contains("shown only this once"));
        assertTrue(created.body().contains("id=\"copy-secret\""));
        String id = TestDatabase.column("select id from api_keys where name = 'laptop'").getFirst().toString();
        for (String page : List.of("/admin/api-keys", "/admin/api-keys/" + id, "/admin")) {
            String body = admin.get(page).body();
            assertFalse(body.contains(secret.group()), page + " shows the secret");
        }
        String detail = admin.get("/admin/api-keys/" + id).body();
        assertTrue(detail.contains("1000 tokens per day"), detail);
        assertTrue(detail.contains("50 requests per 5 hours for gpt-5.4"), detail);
        assertTrue(admin.get("/admin/api-keys").body().contains("laptop"));
        admin.submit("/admin/api-keys/" + id + "/delete", Map.of());
    }

    @Test
    void anInvalidFormComesBackWithMessagesAndTheTypedValues() {
        HttpResponse<String> response = admin.submit("/admin/api-keys", Map.of("name", "",
                "maxConcurrentTurns", "lots", "limits", "tokens fortnight 5", "expiresAt", "soon"));
        assertEquals(400, response.statusCode());
        String body = response.body();
        assertTrue(body.contains("id=\"name-error\""), body);
        assertTrue(body.contains("Concurrent turns must be a whole number"), body);
        assertTrue(body.contains("value=\"lots\""), "typed value kept");
        assertTrue(body.contains("tokens fortnight 5"), "typed rules kept");
        assertTrue(body.contains("window: 5h, day, week or month"), body);
        assertTrue(body.contains("value=\"soon\""), body);
        assertEquals(List.of(0L), TestDatabase.column("select count(*) from api_keys where name = ''"));
        assertEquals(403, admin.postForm("/admin/api-keys", Map.of("name", "no csrf")).statusCode());
    }

    @Test
    void theDashboardRanksKeysByTokensAndCostAndRequestLogsFilterByKey() throws Exception {
        String big = createKey("big spender");
        String small = createKey("small spender");
        Instant now = Instant.now();
        requestLogs.insertAll(List.of(row("big-1", big, 9000, "0.50", now), row("big-2", big, 1000, "0.25", now),
                row("small-1", small, 500, "0.90", now), row("none-1", null, 99999, "9.99", now)));
        String dashboard = admin.get("/admin").body();
        String topKeys = dashboard.substring(dashboard.indexOf("id=\"top-keys\""));
        assertTrue(topKeys.contains("10,000 tokens"), topKeys);
        assertTrue(topKeys.indexOf("big spender") < topKeys.indexOf("small spender"), "most tokens first");
        String byCost = topKeys.substring(topKeys.indexOf("by cost"));
        assertTrue(byCost.indexOf("small spender") < byCost.indexOf("big spender"), "most cost first");

        JsonNode filtered = JSON.readTree(admin.api("GET", "/api/admin/request-logs?apiKeyId=" + big, null).body());
        assertEquals(2, filtered.path("total").asInt());
        assertEquals(big, filtered.path("requestLogs").get(0).path("apiKeyId").asText());
        String page = admin.get("/admin/request-logs?key=" + big).body();
        assertTrue(page.contains("2</span> requests"), page);
        assertTrue(page.contains("big spender"));
        assertTrue(admin.get("/admin/api-keys/" + big).body().contains("2 requests"), "the key's own totals");
    }

    private String createKey(String name) throws Exception {
        return JSON.readTree(admin.api("POST", "/api/admin/api-keys", "{\"name\":\"" + name + "\"}").body())
                .path("id").asText();
    }

    private static RequestLog row(String id, String keyId, long tokens, String cost, Instant at) {
        return new RequestLog().setRequestId(id).setRequestedAt(at.minusSeconds(60)).setApiKeyId(keyId)
                .setRoute("/v1/responses").setModel("gpt-5.4").setTransport("http").setInputTokens(tokens - 100)
                .setOutputTokens(100L).setLatencyMs(100).setStatusCode(200).setStatus("success")
                .setCostUsd(new BigDecimal(cost));
    }

    @Test
    void settingsCarryApiKeysRequiredOnThePageAndTheApi() throws Exception {
        HttpResponse<String> put = admin.api("PUT", "/api/admin/settings", "{\"apiKeysRequired\":true}");
        assertEquals(200, put.statusCode(), put.body());
        assertTrue(JSON.readTree(put.body()).path("apiKeysRequired").asBoolean());
        assertTrue(JSON.readTree(put.body()).path("budgetThresholdPercent").isNumber(), "others kept");
        assertTrue(admin.get("/admin/settings").body().contains("id=\"apiKeysRequired\" checked"));
        HttpResponse<String> saved = admin.submit("/admin/settings", Map.of("budgetThresholdPercent", "95",
                "routingStrategy", "capacity_weighted", "promptCacheAffinityTtlSeconds", "1800",
                "upstreamTransport", "default"));
        assertEquals(303, saved.statusCode());
        assertFalse(JSON.readTree(admin.api("GET", "/api/admin/settings", null).body()).path("apiKeysRequired")
                .asBoolean(), "an unticked box turns it off");
    }
}
