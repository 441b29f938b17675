package io.codexpool.admin.lifecycle;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.codexpool.admin.CodexPoolMain;
import io.codexpool.admin.accounts.FakeAuthJson;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.testing.Poll;
import io.codexpool.testing.ServiceProcess;
import io.codexpool.testing.TestMariaDb;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of the service on one database: the usage poll runs on exactly one of them, and when that one dies
 * (SIGKILL, so it cannot hand the lease over) the other takes the job over within one lease period.
 */
class UsagePollReplicasTest {
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String API_TOKEN = "replica-test-api-token-0123456789";
    private static final String TOOK_THE_LEASE = "usage-poll: replica ";

    @Test
    void usagePollRunsOnOneReplicaAndTheOtherTakesOverWhenItDies() throws Exception {
        TestMariaDb.TestDatabaseUrl db = TestMariaDb.get().createDatabase();
        try (FakeChatGptBackend backend = FakeChatGptBackend.start()) {
            Map<String, String> config = new HashMap<>(Map.of("codexpool.db.url", db.url(),
                    "codexpool.db.user", db.user(), "codexpool.db.password", db.password(),
                    "codexpool.encryption-key", KEY, "codexpool.admin.api-token", API_TOKEN,
                    "codexpool.upstream.base-url", backend.baseUrl(), "codexpool.auth.base-url", backend.authBaseUrl(),
                    "codexpool.usage.poll-seconds", "1", "codexpool.jobs.lease-seconds",
                    String.valueOf(LEASE.toSeconds())));
            backend.account("acc-r").accessToken(FakeAuthJson.accessToken());
            try (ServiceProcess first = ServiceProcess.start(CodexPoolMain.class.getName(), config);
                 ServiceProcess second = ServiceProcess.start(CodexPoolMain.class.getName(), config)) {
                first.awaitReady(START);
                second.awaitReady(START);
                HttpResponse<String> imported = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                first.uri("/api/admin/accounts")).header("Authorization", "Bearer " + API_TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(FakeAuthJson.authJson("r@example.com", "acc-r",
                                "plus"))).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(201, imported.statusCode(), imported.body());
                Poll.until("polls", Duration.ofSeconds(30), () -> backend.requests("acc-r", "/wham/usage").size() >= 3);

                boolean firstHolds = first.output().contains(TOOK_THE_LEASE);
                boolean secondHolds = second.output().contains(TOOK_THE_LEASE);
                assertTrue(firstHolds ^ secondHolds, "exactly one replica took the usage-poll lease:\n"
                        + first.output() + "\n---\n" + second.output());
                ServiceProcess holder = firstHolds ? first : second;
                ServiceProcess survivor = firstHolds ? second : first;

                holder.kill();
                Instant died = Instant.now();
                Poll.until("takeover", Duration.ofSeconds(30), () -> survivor.output().contains(TOOK_THE_LEASE));
                Duration takeover = Duration.between(died, Instant.now());
                // one lease period, plus one lease check (a third of it) and a little scheduling slack
                assertTrue(takeover.compareTo(LEASE.plus(LEASE.dividedBy(3)).plusSeconds(2)) < 0,
                        "taken over after " + takeover);
                int before = backend.requests("acc-r", "/wham/usage").size();
                Poll.until("polls continue on the survivor", Duration.ofSeconds(10),
                        () -> backend.requests("acc-r", "/wham/usage").size() > before);
            }
        }
    }
}
