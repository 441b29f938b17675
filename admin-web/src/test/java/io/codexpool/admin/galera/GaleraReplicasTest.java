package io.codexpool.admin.galera;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.codexpool.admin.CodexPoolMain;
import io.codexpool.admin.testing.DatabaseSeed;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.RecordedRequest;
import io.codexpool.testing.GaleraCluster;
import io.codexpool.testing.MariaDbServer;
import io.codexpool.testing.Poll;
import io.codexpool.testing.ServiceProcess;
import io.codexpool.testing.TestMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three replicas of the service, each connected to a different node of a three-node Galera cluster through a
 * multi-host URL ({@code jdbc:mariadb:sequential://...}, its own node first). The scenarios run in order on the same
 * cluster and replicas, so the cluster and the services start once: the schema migrates once as the three start
 * together on an empty cluster; periodic jobs run on one replica at a time across nodes; 24 stale accounts are
 * refreshed once each under 64 concurrent requests through two replicas on two nodes; and 64 streams in flight
 * survive one database node being killed, with every request-log and usage row arriving, and the node rejoining.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GaleraReplicasTest {
    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String API_TOKEN = "galera-test-api-token-0123456789";
    private static final Duration START = Duration.ofSeconds(180);
    private static final String APPLIED = "schema changesets on";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private GaleraCluster cluster;
    private FakeChatGptBackend backend;
    private String database;
    private final List<ServiceProcess> replicas = new ArrayList<>();
    /** Proxy requests sent by all scenarios so far: each leaves one request-log row and at least two header usage rows. */
    private final AtomicInteger requestsSent = new AtomicInteger();

    @BeforeAll
    void cluster() {
        assumeTrue(GaleraCluster.missing().isEmpty(), () -> "no Galera cluster here: " + GaleraCluster.missing()
                .orElse(""));
        cluster = GaleraCluster.start(3);
        database = cluster.createDatabase();
        backend = FakeChatGptBackend.start();
    }

    @AfterAll
    void stopEverything() {
        replicas.forEach(ServiceProcess::close);
        if (backend != null) {
            backend.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theSchemaMigratesOnceWhenThreeReplicasStartTogetherOnAnEmptyCluster() throws Exception {
        for (int node = 0; node < 3; node++) {
            replicas.add(ServiceProcess.start(CodexPoolMain.class.getName(), config(node)));
        }
        for (ServiceProcess replica : replicas) {
            replica.awaitReady(START);
        }
        long migrated = replicas.stream().filter(replica -> replica.output().contains(APPLIED)).count();
        assertEquals(1, migrated, "exactly one replica applied changesets:\n" + outputs());
        for (int node = 0; node < 3; node++) {
            assertEquals(0, count(node, "SELECT COUNT(*) - COUNT(DISTINCT id, author, filename) FROM DATABASECHANGELOG"),
                    "no changeset recorded twice");
            assertEquals(count(0, "SELECT COUNT(*) FROM DATABASECHANGELOG"),
                    count(node, "SELECT COUNT(*) FROM DATABASECHANGELOG"), "every node has the whole history");
        }
    }

    @Test
    @Order(2)
    void periodicJobsRunOnOneReplicaAtATimeAcrossNodes() throws Exception {
        seed(0).accountRefreshedDaysAgo("acc-jobs", 0);
        // For the next scenario, in effect on every replica long before it: each replica alternates over all
        // accounts (not only those whose weekly reset the usage poll has read so far), so 32 requests on each reach
        // every one of the 24 stale accounts.
        execute(0, "UPDATE settings SET routing_strategy = 'round_robin', prefer_earlier_reset = FALSE,"
                + " updated_at = UTC_TIMESTAMP(6)");
        // Each job runs every second; three replicas each running it would make three runs a second.
        Poll.until("the jobs running", Duration.ofSeconds(60), () -> runs("/codex/models") > 0 && runs("/wham/usage") > 0);
        Map<String, String> leasesBefore = leaseHolders();
        int modelsBefore = runs("/codex/models");
        int usageBefore = runs("/wham/usage");
        long began = System.nanoTime();
        Poll.until("six more model refreshes", Duration.ofSeconds(60), () -> runs("/codex/models") >= modelsBefore + 6);
        double seconds = (System.nanoTime() - began) / 1e9;
        int modelRuns = runs("/codex/models") - modelsBefore;
        int usageRuns = runs("/wham/usage") - usageBefore;
        // One holder runs a job at most once a check (a second here); one run of slack at each end.
        assertTrue(modelRuns <= seconds + 2, modelRuns + " model refreshes in " + seconds + " s");
        assertTrue(usageRuns <= seconds + 2, usageRuns + " usage polls in " + seconds + " s");
        assertEquals(leasesBefore, leaseHolders(), "no lease changed hands (same holders, same fences)");
    }

    @Test
    @Order(3)
    void twoReplicasOnTwoNodesRefreshTwentyFourStaleAccountsExactlyOnceEachUnderSixtyFourRequests() throws Exception {
        // Counted from before the accounts exist, so every refresh of them counts, whatever starts it.
        int refreshesBefore = backend.oauth().refreshCount();
        backend.oauth().refreshDelay(Duration.ofMillis(300));
        DatabaseSeed seed = seed(0);
        for (int i = 0; i < 24; i++) {
            seed.accountRefreshedDaysAgo("acc-stale-" + i, 9);
        }
        awaitAccountsRouted("acc-stale-23");
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            replies.add(send(replicas.get(i % 2)));
        }
        for (CompletableFuture<HttpResponse<String>> reply : replies) {
            HttpResponse<String> response = reply.get(60, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
        }
        backend.oauth().refreshDelay(Duration.ZERO);
        // A stale token is refreshed before the request that chose it goes upstream (the usage poll refreshes only
        // on a 401, and the fake still accepts these tokens). Requests chosen at the same instant may pick the same
        // least recently used account; 32 requests per replica over its 25 accounts leave room for that.
        Poll.until("24 refreshes", Duration.ofSeconds(30), () -> backend.oauth().refreshCount() - refreshesBefore,
                n -> n >= 24);
        assertEquals(24, backend.oauth().refreshCount() - refreshesBefore, "each stale account refreshed once");
        assertEquals(0, count(1, "SELECT COUNT(*) FROM accounts WHERE status <> 'active'"),
                "no account deactivated by a reused refresh token");
        Poll.until("new tokens stored for every stale account", Duration.ofSeconds(30), () -> count(1,
                "SELECT COUNT(*) FROM accounts WHERE last_refresh_at < UTC_TIMESTAMP() - INTERVAL 1 DAY"), n -> n == 0);
    }

    @Test
    @Order(4)
    void streamsInFlightSurviveADatabaseNodeDyingAndNoRowIsLost() throws Exception {
        backend.pauseStreamsAfter(3);
        List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            streams.add(send(replicas.get(i % 2)));
        }
        Poll.until("64 streams in flight", Duration.ofSeconds(60), backend::pausedStreams, paused -> paused >= 64);
        MariaDbServer dying = cluster.node(0); // the node replica 1 is connected to
        dying.kill();
        backend.resumeStreams();
        for (CompletableFuture<HttpResponse<String>> stream : streams) {
            HttpResponse<String> response = stream.get(120, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("response.completed"), "stream finished: " + response.body());
        }
        for (int i = 0; i < 16; i++) {
            HttpResponse<String> response = send(replicas.get(i % 2)).get(60, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), "served on the surviving nodes: " + response.body());
        }
        long expectedLogs = requestsSent.get();
        Poll.until("every request-log row", Duration.ofSeconds(90),
                () -> count(1, "SELECT COUNT(*) FROM request_logs"), rows -> rows == expectedLogs);
        long expectedSamples = 2L * requestsSent.get();
        Poll.until("every usage row from reply headers", Duration.ofSeconds(90),
                () -> count(1, "SELECT COUNT(*) FROM usage_samples WHERE source = 'header'"),
                rows -> rows >= expectedSamples);

        cluster.restart(0);
        assertEquals(expectedLogs, count(0, "SELECT COUNT(*) FROM request_logs"), "the rejoined node caught up");
        assertEquals("3", GaleraCluster.status(cluster.node(0), "wsrep_cluster_size"));
    }

    private Map<String, String> config(int firstNode) {
        Map<String, String> config = new HashMap<>();
        config.put("codexpool.db.url", cluster.url(database, firstNode));
        config.put("codexpool.db.user", "root");
        config.put("codexpool.db.password", "");
        config.put("codexpool.encryption-key", KEY);
        config.put("codexpool.admin.api-token", API_TOKEN);
        config.put("codexpool.upstream.base-url", backend.baseUrl());
        config.put("codexpool.auth.base-url", backend.authBaseUrl());
        config.put("codexpool.usage.poll-seconds", "1");
        config.put("codexpool.models.refresh-seconds", "1");
        // Renewed every second; long enough that a loaded machine never lets a live holder lapse.
        config.put("codexpool.jobs.lease-seconds", "10");
        return config;
    }

    private CompletableFuture<HttpResponse<String>> send(ServiceProcess replica) {
        requestsSent.incrementAndGet();
        return http.sendAsync(HttpRequest.newBuilder(replica.uri("/v1/responses"))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5.3-codex\",\"input\":\"hi\",\"stream\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits until the routing pool of the first two replicas holds the account: its gauges come from that pool. The
     * admin API reads the database, so a replica could list the account while its pool (re-read every second) did
     * not have it yet, and every request then went to the accounts it had.
     */
    private void awaitAccountsRouted(String chatgptId) {
        String series = "account=\"" + chatgptId + "@example.com\"";
        for (ServiceProcess replica : replicas.subList(0, 2)) {
            Poll.until("accounts routed on " + replica.port(), Duration.ofSeconds(30), () -> {
                try {
                    return http.send(HttpRequest.newBuilder(replica.uri("/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body().contains(series);
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    private int runs(String path) {
        return (int) backend.requests().stream().map(RecordedRequest::pathWithoutQuery)
                .filter(p -> p.endsWith(path)).count();
    }

    private Map<String, String> leaseHolders() throws SQLException {
        Map<String, String> holders = new HashMap<>();
        try (Connection connection = cluster.node(1).connect(database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name, holder, fence FROM leases"
                     + " WHERE name IN ('usage-poll', 'model-refresh', 'sticky-cleanup')")) {
            while (rows.next()) {
                holders.put(rows.getString(1), rows.getString(2) + " #" + rows.getLong(3));
            }
        }
        return holders;
    }

    private long count(int node, String sql) {
        try (Connection connection = cluster.node(node).connect(database);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on node " + node + " failed", e);
        }
    }

    private void execute(int node, String sql) throws SQLException {
        try (Connection connection = cluster.node(node).connect(database);
             Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private DatabaseSeed seed(int node) {
        return new DatabaseSeed(new TestMariaDb.TestDatabaseUrl(cluster.node(node).url(database), "root", ""), KEY,
                backend);
    }

    private String outputs() {
        StringBuilder all = new StringBuilder();
        replicas.forEach(replica -> all.append(replica.output()).append("\n---\n"));
        return all.toString();
    }
}
