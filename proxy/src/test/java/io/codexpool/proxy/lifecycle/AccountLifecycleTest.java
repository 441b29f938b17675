package io.codexpool.proxy.lifecycle;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.leases.LeaseRepository;
import io.codexpool.persistence.secrets.TokenCipher;
import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.persistence.settings.Settings;
import io.codexpool.persistence.settings.SettingsRepository;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.persistence.usage.UsageSample;
import io.codexpool.persistence.usage.UsageSampleRepository;
import io.codexpool.persistence.usage.UsageSource;
import io.codexpool.persistence.usage.UsageWindow;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.models.ModelRegistry;
import io.codexpool.proxy.settings.SettingsCache;
import io.codexpool.proxy.support.JobLeases;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.support.LeasedJob;
import io.codexpool.proxy.testing.ControllableClock;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.proxy.usage.UsagePoller;
import io.codexpool.testing.Poll;
import io.codexpool.testing.TestDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accounts staying usable without an admin: token refresh, usage polling, the model list and job leases, with the
 * fake backend and a clock the test moves.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ControllableClock.class)
// The tests run the periodic jobs themselves, at the moments they choose.
@AddConfig(key = "codexpool.auth.callback-port", value = "0")
@AddConfig(key = "codexpool.jobs.lease-seconds", value = "3000000")
@AddConfig(key = "codexpool.usage.poll-seconds", value = "60")
@AddConfig(key = "codexpool.usage.poll-timeout-seconds", value = "2")
@AddConfig(key = "codexpool.models.refresh-seconds", value = "1000000")
class AccountLifecycleTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    WebTarget target;
    @Inject
    ControllableClock clock;
    @Inject
    AccountRepository accounts;
    @Inject
    UsageSampleRepository usage;
    @Inject
    AccountPool pool;
    @Inject
    TokenCipher cipher;
    @Inject
    UsagePoller poller;
    @Inject
    ModelRegistry models;
    @Inject
    LeaseRepository leaseRows;
    @Inject
    SettingsRepository settings;
    @Inject
    SettingsCache settingsCache;

    @BeforeEach
    void cleanSlate() {
        accounts.findAll().forEach(a -> accounts.delete(a.getId()));
        TestDatabase.update("DELETE FROM plan_models");
        TestDatabase.update("DELETE FROM leases");
        models.reload();
        BACKEND.reset();
        pool.refresh();
    }

    @Test
    void tokenNineDaysOldIsRefreshedBeforeUse() throws Exception {
        String id = account("acc-old", "plus", clock.instant().minus(9, ChronoUnit.DAYS));
        assertEquals(200, post("gpt-5.4").statusCode());
        assertEquals(1, BACKEND.oauth().refreshCount());
        assertEquals("refresh-acc-old", BACKEND.oauth().lastRefreshToken());
        String rotated = cipher.decrypt(accounts.findById(id).orElseThrow().getAccessTokenEncrypted());
        assertEquals(BACKEND.account("acc-old").accessToken(), rotated);
        assertEquals(rotated, BACKEND.requests("acc-old", "/codex/responses").getFirst().bearerToken(),
                "the first upstream call already used the new token");
        Account row = accounts.findById(id).orElseThrow();
        assertTrue(cipher.decrypt(row.getRefreshTokenEncrypted()).startsWith("refresh-acc-old-"), "rotated, stored");
        assertTrue(row.getLastRefreshAt().isAfter(clock.instant().minusSeconds(60)));
    }

    @Test
    void twentyConcurrentRequestsOnAnExpiredTokenCauseExactlyOneRefresh() throws Exception {
        account("acc-busy", "plus", clock.instant());
        BACKEND.account("acc-busy").accessToken("expired-elsewhere");
        BACKEND.oauth().refreshDelay(Duration.ofMillis(500));
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            replies.add(http.sendAsync(request("gpt-5.4"), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> reply : replies) {
            assertEquals(200, reply.get().statusCode(), reply.get().body());
        }
        assertEquals(1, BACKEND.oauth().refreshCount(), "one refresh in flight, the others waited for it");
    }

    @Test
    void reusedRefreshTokenDeactivatesTheAccountWithAReason() throws Exception {
        String a = account("acc-a", "plus", clock.instant().minus(9, ChronoUnit.DAYS));
        account("acc-b", "plus", clock.instant());
        routeRoundRobin(); // so A is certainly chosen within the first two requests
        BACKEND.oauth().refreshError("refresh_token_reused");
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> reply = post("gpt-5.4");
            assertEquals(200, reply.statusCode());
            assertTrue(reply.body().contains("Hello from acc-b"));
        }
        Account row = accounts.findById(a).orElseThrow();
        assertEquals(AccountStatus.DEACTIVATED, row.getStatus());
        assertTrue(row.getDeactivationReason().contains("refresh_token_reused"), row.getDeactivationReason());
        assertTrue(row.getDeactivationReason().contains("Sign in again"), row.getDeactivationReason());
        assertEquals(1, BACKEND.oauth().refreshCount(), "a deactivated account is not tried again");
        assertEquals(0, BACKEND.account("acc-a").responseCount(), "never selected");

    }

    @Test
    void pollAtFullPrimaryLimitsTheAccountUntilItsResetThenFreesItWithoutAnAdmin() throws Exception {
        String id = account("acc-poll", "plus", clock.instant());
        Instant reset = clock.instant().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        BACKEND.account("acc-poll").usage(100, 40).primaryResetAt(reset).planType("pro");
        poller.pollAll();
        Account limited = accounts.findById(id).orElseThrow();
        assertEquals(AccountStatus.RATE_LIMITED, limited.getStatus());
        assertEquals(reset, limited.getResetAt());
        assertEquals("pro", limited.getPlanType(), "the plan follows the usage endpoint");
        assertEquals(429, post("gpt-5.4").statusCode(), "not routed before its reset");

        clock.advance(Duration.ofMinutes(61));
        BACKEND.account("acc-poll").usage(0, 40);
        poller.pollAll();
        assertEquals(AccountStatus.ACTIVE, accounts.findById(id).orElseThrow().getStatus());
        assertEquals(200, post("gpt-5.4").statusCode());
        assertEquals(2, BACKEND.requests("acc-poll", "/wham/usage").size());
    }

    @Test
    void aPauseOrDeactivationMadeElsewhereOutlastsLimitsThisReplicaSeesMeanwhile() {
        String id = account("acc-paused", "plus", clock.instant());
        AccountState state = pool.get(id).orElseThrow(); // this replica still sees it active
        TestDatabase.update("UPDATE accounts SET status = 'paused' WHERE id = ?", id); // an admin, elsewhere
        pool.markLimited(state, AccountStatus.RATE_LIMITED, clock.instant().plusSeconds(60));
        pool.markActive(state);
        assertEquals(AccountStatus.PAUSED, accounts.findById(id).orElseThrow().getStatus());
        pool.refresh();
        assertEquals(AccountStatus.PAUSED, state.status(), "this replica's view follows the database");

        TestDatabase.update("UPDATE accounts SET status = 'deactivated', deactivation_reason = 'signed out' "
                + "WHERE id = ?", id);
        pool.markLimited(state, AccountStatus.QUOTA_EXCEEDED, clock.instant().plusSeconds(3600));
        Account row = accounts.findById(id).orElseThrow();
        assertEquals(AccountStatus.DEACTIVATED, row.getStatus());
        assertEquals("signed out", row.getDeactivationReason());
    }

    @Test
    void pollAtFullSecondaryMeansQuotaExceeded() {
        String id = account("acc-week", "plus", clock.instant());
        BACKEND.account("acc-week").usage(30, 100);
        poller.pollAll();
        assertEquals(AccountStatus.QUOTA_EXCEEDED, accounts.findById(id).orElseThrow().getStatus());
    }

    @Test
    void weeklyOnlyAccountAtFullUsageInRepliesIsQuotaExceededAndStoredAsItsWeeklyWindow() throws Exception {
        String id = account("acc-weekly-full", "plus", clock.instant());
        Instant reset = clock.instant().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        BACKEND.account("acc-weekly-full").weeklyOnly().usage(0, 100).secondaryResetAt(reset);
        assertEquals(200, post("gpt-5.4").statusCode(), "upstream still answered this one");
        assertEquals("websocket", BACKEND.requests("acc-weekly-full", "/codex/responses").getLast().transport(),
                "so the codex.rate_limits event went through the same rule as the upgrade's headers");

        AccountState state = pool.get(id).orElseThrow();
        assertNull(state.primary(), "a weekly window is never the 5-hour one");
        assertEquals(100.0, state.secondary().usedPercent());
        assertEquals(10080, state.secondary().windowMinutes());
        List<UsageSample> samples = Poll.until("the reply's usage sample", Duration.ofSeconds(10),
                () -> usage.findForAccountSince(id, Instant.EPOCH), found -> !found.isEmpty());
        assertTrue(samples.stream().allMatch(s -> s.getWindow() == UsageWindow.SECONDARY
                && s.getSource() == UsageSource.HEADER), "stored as the weekly window only");

        clock.advance(Duration.ofSeconds(61));
        poller.pollAll();
        Account row = accounts.findById(id).orElseThrow();
        assertEquals(AccountStatus.QUOTA_EXCEEDED, row.getStatus());
        assertEquals(reset, row.getResetAt());
        assertNull(pool.get(id).orElseThrow().primary(), "the poll agrees: no 5-hour window");
    }

    @Test
    void anAllZeroSecondaryInRepliesLeavesThePolledWeeklyFigure() throws Exception {
        String id = account("acc-weekly-zero", "plus", clock.instant());
        BACKEND.account("acc-weekly-zero").weeklyOnly().usage(0, 40);
        poller.pollAll();
        assertEquals(40.0, pool.get(id).orElseThrow().secondary().usedPercent(), "the poll moved it to weekly");
        Instant polledAt = pool.get(id).orElseThrow().secondary().recordedAt();

        clock.advance(Duration.ofSeconds(1));
        assertEquals(200, post("gpt-5.4").statusCode());
        AccountState state = pool.get(id).orElseThrow();
        assertEquals(40.0, state.secondary().usedPercent(), "the zero secondary carried no information");
        assertTrue(state.secondary().recordedAt().isAfter(polledAt), "the reply's weekly sample is the newest");
        assertNull(state.primary());
    }

    @Test
    void pollStoresBothWindowsAndSkipsAnAccountSampledWithinTheInterval() {
        String id = account("acc-fresh", "plus", clock.instant());
        BACKEND.account("acc-fresh").usage(12.5, 40);
        poller.pollAll();
        poller.pollAll();
        assertEquals(1, BACKEND.requests("acc-fresh", "/wham/usage").size(), "second round skipped it");
        awaitSamples(id, 2);
        clock.advance(Duration.ofSeconds(61));
        poller.pollAll();
        assertEquals(2, BACKEND.requests("acc-fresh", "/wham/usage").size());
        assertEquals(12.5, pool.get(id).orElseThrow().primary().usedPercent());
        assertEquals(40.0, pool.get(id).orElseThrow().secondary().usedPercent());
    }

    @Test
    void pollRefreshesOnA401AndRetriesOnce() {
        account("acc-401", "plus", clock.instant());
        BACKEND.account("acc-401").accessToken("rotated-elsewhere").usage(5, 5);
        poller.pollAll();
        assertEquals(1, BACKEND.oauth().refreshCount());
        assertEquals(2, BACKEND.requests("acc-401", "/wham/usage").size());
        assertEquals(5.0, pool.all().iterator().next().primary().usedPercent());
    }

    @Test
    void pollAnswered402DeactivatesButA500LeavesTheStatusAlone() {
        String paying = account("acc-402", "plus", clock.instant());
        String flaky = account("acc-500", "plus", clock.instant());
        BACKEND.account("acc-402").usageEndpoint(402);
        BACKEND.account("acc-500").usageEndpoint(500);
        poller.pollAll();
        Account deactivated = accounts.findById(paying).orElseThrow();
        assertEquals(AccountStatus.DEACTIVATED, deactivated.getStatus());
        assertTrue(deactivated.getDeactivationReason().contains("402"), deactivated.getDeactivationReason());
        assertEquals(AccountStatus.ACTIVE, accounts.findById(flaky).orElseThrow().getStatus());
        poller.pollAll();
        assertEquals(1, BACKEND.requests("acc-402", "/wham/usage").size(), "deactivated accounts are not polled");
    }

    @Test
    void samplesOlderThanTheRetentionArePruned() throws Exception {
        String id = account("acc-old-samples", "plus", clock.instant());
        Instant now = clock.instant();
        usage.saveAll(List.of(
                new UsageSample(id, UsageWindow.PRIMARY, 1, 300, null, now.minus(31, ChronoUnit.DAYS), UsageSource.POLL),
                new UsageSample(id, UsageWindow.PRIMARY, 2, 300, null, now.minus(29, ChronoUnit.DAYS), UsageSource.POLL)));
        assertEquals(1, poller.prune());
        assertEquals(1, usage.findForAccountSince(id, now.minus(400, ChronoUnit.DAYS)).size());
    }

    @Test
    void modelListComesFromTheBackendPerPlanAndFlagsWebSocketModels() throws Exception {
        account("acc-plus", "plus", clock.instant());
        assertEquals(Optional.empty(), models.prefersWebSockets("gpt-5.4"), "unknown before the first fetch");
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(target.path("/v1/models").getUri()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, list.statusCode(), list.body());
        List<String> ids = new ArrayList<>();
        Json.MAPPER.readTree(list.body()).path("data").forEach(m -> ids.add(m.path("id").asText()));
        assertEquals(List.of("gpt-5.4", "gpt-5.4-mini", "gpt-5.3-codex"), ids);
        JsonNode codex = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(
                target.path("/backend-api/codex/models").getUri()).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(3, codex.path("models").size());
        assertTrue(codex.path("models").get(0).path("prefer_websockets").asBoolean());
        assertEquals(Optional.of(true), models.prefersWebSockets("gpt-5.4"));
        assertEquals(Optional.of(false), models.prefersWebSockets("gpt-5.3-codex"));
        assertEquals(Optional.empty(), models.prefersWebSockets("gpt-9-unknown"));
    }

    @Test
    void routingSkipsPlansThatLackTheModelButTriesEveryoneForAnUnknownModel() throws Exception {
        account("acc-plus", "plus", clock.instant());
        account("acc-free", "free", clock.instant());
        BACKEND.account("acc-free").planType("free");
        BACKEND.models("free", "gpt-5.4-mini");
        models.refreshFromUpstream();
        assertFalse(models.canServe("free", "gpt-5.3-codex"));
        for (int i = 0; i < 6; i++) {
            assertEquals(200, post("gpt-5.3-codex").statusCode());
        }
        assertEquals(0, BACKEND.account("acc-free").responseCount(), "the free plan has no gpt-5.3-codex");
        routeRoundRobin();
        for (int i = 0; i < 2; i++) {
            assertEquals(200, post("gpt-9-unknown").statusCode());
        }
        assertEquals(1, BACKEND.account("acc-free").responseCount(), "an unknown model may go to any account");
    }

    @Test
    void aJobRunsOnOneReplicaAndAStoppedHolderHandsOverWithoutARerun() {
        JobLeases first = new JobLeases(leaseRows, 1);
        JobLeases second = new JobLeases(leaseRows, 1);
        List<String> ranOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        LeasedJob one = first.schedule("test-job", Duration.ofDays(1), () -> ranOn.add("first"));
        try (LeasedJob two = second.schedule("test-job", Duration.ofDays(1), () -> ranOn.add("second"))) {
            Poll.until("a run", Duration.ofSeconds(10), () -> !ranOn.isEmpty());
            assertEquals(1, ranOn.size(), "one replica ran it");
            LeasedJob holder = one.holding() ? one : two;
            LeasedJob other = holder == one ? two : one;
            assertFalse(other.runIfDue(), "the other replica neither holds it nor runs it");
            holder.close(); // a clean stop gives the lease up
            Poll.until("the other replica holding the lease", Duration.ofSeconds(10), other::holding);
            assertEquals(1, ranOn.size(), "the new holder keeps the rhythm: no rerun within the interval");
        } finally {
            one.close();
        }
    }

    @Test
    void aDeadHoldersLeaseExpiresAndAnotherReplicaTakesOverWithinOneLeasePeriod() {
        Duration lease = Duration.ofSeconds(1);
        assertTrue(leaseRows.acquire("usage-like-job", "replica-that-dies", lease).isPresent());
        Instant died = Instant.now();
        List<String> ranOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LeasedJob survivor = new JobLeases(leaseRows, 1).schedule("usage-like-job", Duration.ofDays(1),
                () -> ranOn.add("survivor"))) {
            assertFalse(survivor.runIfDue(), "the dead replica's lease has not expired yet");
            Poll.until("a run", Duration.ofSeconds(10), () -> !ranOn.isEmpty());
            Duration takeover = Duration.between(died, Instant.now());
            assertTrue(takeover.compareTo(lease.plusMillis(900)) < 0, "taken over after " + takeover);
            assertTrue(survivor.holding());
        }
    }

    @Test
    void aRunLongerThanItsLeaseKeepsItRenewedSoNoOtherReplicaRunsTheJobMeanwhile() throws Exception {
        Duration lease = Duration.ofSeconds(1);
        List<String> ranOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicReference<BooleanSupplier> heldDuringRun = new AtomicReference<>();
        try (LeasedJob first = new JobLeases(leaseRows, lease).schedule("long-job", Duration.ofDays(1), held -> {
            ranOn.add("first");
            heldDuringRun.set(held);
            running.countDown();
            awaitQuietly(finish);
        })) {
            assertTrue(running.await(10, TimeUnit.SECONDS));
            // The other replica starts only now: started together, either could take the lease first.
            try (LeasedJob second = new JobLeases(leaseRows, lease).schedule("long-job", Duration.ofDays(1),
                    () -> ranOn.add("second"))) {
                Instant began = Instant.now();
                // The other replica checks the lease three times a lease period all along.
                Poll.until("three lease periods into the run", Duration.ofSeconds(10),
                        () -> Duration.between(began, Instant.now()).compareTo(lease.multipliedBy(3)) > 0);
                assertEquals(List.of("first"), ranOn, "the lease was renewed while the run lasted");
                assertTrue(heldDuringRun.get().getAsBoolean(), "the run still holds its lease");
                assertFalse(second.holding());
                finish.countDown();
            }
        }
    }

    @Test
    void aRunWhoseLeaseIsTakenOverIsToldToStop() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicReference<BooleanSupplier> heldDuringRun = new AtomicReference<>();
        try (LeasedJob job = new JobLeases(leaseRows, Duration.ofSeconds(1)).schedule("fenced-job",
                Duration.ofDays(1), held -> {
                    heldDuringRun.set(held);
                    running.countDown();
                    awaitQuietly(finish);
                })) {
            assertTrue(running.await(10, TimeUnit.SECONDS));
            // Another holder with a newer fence, as after a pause longer than the lease.
            TestDatabase.update("UPDATE leases SET holder = 'intruder', fence = fence + 1,"
                    + " expires_at = UTC_TIMESTAMP(6) + INTERVAL 1 HOUR WHERE name = 'fenced-job'");
            Poll.until("the run told its lease is gone", Duration.ofSeconds(10),
                    () -> !heldDuringRun.get().getAsBoolean());
            finish.countDown();
            Poll.until("the job no longer holding", Duration.ofSeconds(10), () -> !job.holding());
            assertEquals("intruder", leaseRows.holder("fenced-job"), "the stopped run did not note itself");
        }
    }

    @Test
    void usagePollCallsAccountsAtOnceAndAHangingOneTimesOutWithoutHoldingUpTheRound() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(account("acc-poll-" + i, "plus", clock.instant()));
        }
        account("acc-hangs", "plus", clock.instant());
        BACKEND.account("acc-hangs").usageStalled(true);
        // Answers only once all eight calls are in flight together (else each waits 5 s).
        BACKEND.holdUsageUntilConcurrent(8);
        long began = System.nanoTime();
        poller.pollAll();
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        // Concurrent calls and the 2 s call timeout: one round of a few seconds, where calls one after another
        // would take 5 s each and the hanging one the stream idle timeout (5 minutes).
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "round took " + took);
        for (String id : ids) {
            awaitSamples(id, 2);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Plain alternation (no earlier-reset preference: only one account has usage from reply headers). */
    private void routeRoundRobin() {
        settings.save(new Settings(RoutingStrategy.ROUND_ROBIN, new BigDecimal("95"), false, true, 1800,
                UpstreamTransport.DEFAULT, Instant.now()));
        settingsCache.refresh();
    }

    private void awaitSamples(String accountId, int count) {
        List<UsageSample> samples = Poll.until(count + " usage samples", Duration.ofSeconds(10),
                () -> usage.findForAccountSince(accountId, Instant.EPOCH), found -> found.size() >= count);
        assertEquals(count, samples.size());
        assertTrue(samples.stream().allMatch(s -> s.getSource() == UsageSource.POLL));
    }

    /** An account with no usage sample yet, whose tokens were last refreshed at {@code lastRefresh}. */
    private String account(String chatgptId, String plan, Instant lastRefresh) {
        Account account = new Account(chatgptId + "@example.com", chatgptId, plan, Instant.now());
        account.setAccessTokenEncrypted(cipher.encrypt(BACKEND.account(chatgptId).accessToken()));
        account.setRefreshTokenEncrypted(cipher.encrypt("refresh-" + chatgptId));
        account.setLastRefreshAt(lastRefresh);
        accounts.save(account);
        pool.refresh();
        return account.getId();
    }

    private HttpRequest request(String model) {
        return HttpRequest.newBuilder(target.path("/v1/responses").getUri())
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"input\":\"hi\"}")).build();
    }

    private HttpResponse<String> post(String model) throws Exception {
        return http.send(request(model), HttpResponse.BodyHandlers.ofString());
    }
}
