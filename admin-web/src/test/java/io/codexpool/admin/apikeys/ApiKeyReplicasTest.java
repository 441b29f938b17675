package io.codexpool.admin.apikeys;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.codexpool.admin.CodexPoolMain;
import io.codexpool.admin.testing.DatabaseSeed;
import io.codexpool.admin.web.AdminClient;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.testing.Poll;
import io.codexpool.testing.ServiceProcess;
import io.codexpool.testing.TestMariaDb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas on one database share each key's usage: a limit holds across them (up to the overshoot the README
 * documents), and a key's numbers read the same on either; {@code apiKeysRequired} switched through one replica's
 * admin API is in force on the other within two seconds.
 */
class ApiKeyReplicasTest {
    private static final String ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String API_TOKEN = "replicas-api-token-0123456789";
    private static final Duration START = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FakeChatGptBackend BACKEND = FakeChatGptBackend.start();

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void stopBackend() {
        BACKEND.close();
    }

    @Test
    void aRequestLimitHoldsAcrossReplicasAndTheSettingSwitchesOnBothWithoutRestart() throws Exception {
        TestMariaDb.TestDatabaseUrl db = TestMariaDb.get().createDatabase();
        Map<String, String> config = Map.of("codexpool.db.url", db.url(), "codexpool.db.user", db.user(),
                "codexpool.db.password", db.password(), "codexpool.encryption-key", ENCRYPTION_KEY,
                "codexpool.upstream.base-url", BACKEND.baseUrl(), "codexpool.admin.api-token", API_TOKEN,
                "codexpool.upstream.transport", "http");
        try (ServiceProcess first = ServiceProcess.start(CodexPoolMain.class.getName(), config).awaitReady(START);
             ServiceProcess second = ServiceProcess.start(CodexPoolMain.class.getName(),
                     with(config, "server.host", "0.0.0.0")).awaitReady(START)) {
            new DatabaseSeed(db, ENCRYPTION_KEY, BACKEND).account("acc-a", 10); // once the schema exists
            for (ServiceProcess replica : new ServiceProcess[] {first, second}) {
                Poll.until("the account loaded", Duration.ofSeconds(10), () -> anonymous(replica), s -> s == 200);
            }
            int upstreamBefore = BACKEND.account("acc-a").responseCount();
            assertTrue(second.output().contains("API keys are not required: anyone who reaches the port"),
                    "the replica on 0.0.0.0 warns at start-up");
            assertFalse(first.output().contains("anyone who reaches the port"), "the loopback one does not");
            AdminClient secondAdmin = new AdminClient(second.uri("")).signIn();
            assertTrue(secondAdmin.get("/admin").body().contains("id=\"open-pool\""), "the dashboard's banner");

            HttpResponse<String> created = admin(first, "POST", "/api/admin/api-keys",
                    "{\"name\":\"shared\",\"limits\":[{\"metric\":\"requests\",\"window\":\"day\",\"max\":20}]}");
            assertEquals(201, created.statusCode(), created.body());
            String key = JSON.readTree(created.body()).path("key").asText();
            String id = JSON.readTree(created.body()).path("id").asText();

            // 30 requests across both replicas; each replica's turn begins once it has seen the other's use, so
            // the overshoot the README allows (use the other replica admitted within the last second) is zero here
            int succeeded = 0;
            succeeded += turns(first, key, 10);
            awaitUsed(second, key, 10);
            succeeded += turns(second, key, 10);
            awaitUsed(first, key, 20);
            for (int i = 0; i < 5; i++) {
                succeeded += turns(first, key, 1);
                succeeded += turns(second, key, 1);
            }
            assertEquals(20, succeeded, "20 of 30 requests passed the limit of 20");
            assertEquals(20, BACKEND.account("acc-a").responseCount() - upstreamBefore,
                    "refused ones never went upstream");

            // the same numbers on the key holder's view and the admin API of either replica
            JsonNode adminKey = JSON.readTree(admin(second, "GET", "/api/admin/api-keys/" + id, null).body());
            assertEquals(20, adminKey.path("limits").get(0).path("used").asInt(), adminKey.toString());
            assertEquals(20, usage(first, key).path("limits").get(0).path("used").asInt());
            assertFalse(adminKey.toString().contains(key), "the secret is shown only at creation");
            Poll.until("20 request-log rows of the key", Duration.ofSeconds(10), () -> json(admin(first,
                    "GET", "/api/admin/request-logs?apiKeyId=" + id, null)).path("total").asInt(),
                    total -> total == 20);

            // required through the first replica's API: the second refuses strangers within two seconds
            Instant switched = Instant.now();
            assertEquals(200, admin(first, "PUT", "/api/admin/settings", "{\"apiKeysRequired\":true}").statusCode());
            Poll.until("keys required on the other replica", Duration.ofSeconds(2), () -> anonymous(second),
                    status -> status == 401);
            assertTrue(Duration.between(switched, Instant.now()).toMillis() <= 2500);
            assertFalse(secondAdmin.get("/admin").body().contains("id=\"open-pool\""), "no banner once required");
            admin(second, "PUT", "/api/admin/settings", "{\"apiKeysRequired\":false}");
            Poll.until("keys optional again on the first replica", Duration.ofSeconds(2), () -> anonymous(first),
                    status -> status == 200);
        }
    }

    private int turns(ServiceProcess service, String key, int count) throws Exception {
        int ok = 0;
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = http.send(turn(service, key), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                ok++;
            } else {
                assertEquals(429, response.statusCode(), response.body());
                assertTrue(response.body().contains("usage_limit_reached"), response.body());
            }
        }
        return ok;
    }

    private void awaitUsed(ServiceProcess service, String key, int used) {
        Poll.until(used + " requests seen", Duration.ofSeconds(10),
                // a replica that has not read the new key yet answers 401, without limits
                () -> usage(service, key).path("limits").path(0).path("used").asInt(-1), seen -> seen == used);
    }

    private JsonNode usage(ServiceProcess service, String key) {
        try {
            return json(http.send(HttpRequest.newBuilder(service.uri("/v1/usage"))
                    .header("authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(response.body(), e);
        }
    }

    private int anonymous(ServiceProcess service) {
        try {
            return http.send(turn(service, null), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest turn(ServiceProcess service, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(service.uri("/backend-api/codex/responses"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5.4\",\"input\":[],\"stream\":true}"));
        if (key != null) {
            builder.header("authorization", "Bearer " + key);
        }
        return builder.build();
    }

    private HttpResponse<String> admin(ServiceProcess service, String method, String path, String json) {
        try {
            return http.send(HttpRequest.newBuilder(service.uri(path)).header("Authorization", "Bearer " + API_TOKEN)
                    .header("Content-Type", "application/json").method(method, json == null
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> with(Map<String, String> config, String key, String value) {
        Map<String, String> more = new java.util.HashMap<>(config);
        more.put(key, value);
        return more;
    }
}
