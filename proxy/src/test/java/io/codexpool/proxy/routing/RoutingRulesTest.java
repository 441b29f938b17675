package io.codexpool.proxy.routing;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.persistence.settings.Settings;
import io.codexpool.persistence.settings.SettingsRepository;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.persistence.sticky.StickySession;
import io.codexpool.persistence.sticky.StickySessionRepository;
import io.codexpool.persistence.usage.UsageSample;
import io.codexpool.persistence.usage.UsageSampleRepository;
import io.codexpool.persistence.usage.UsageSource;
import io.codexpool.persistence.usage.UsageWindow;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.proxy.settings.SettingsCache;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.Poll;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Account choice on the edges a real pool meets: stale samples, unknown usage, quota errors, failover. */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
class RoutingRulesTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;
    private static final Pattern ANSWERED_BY = Pattern.compile("Hello from (acc-[a-z0-9]+)");

    @Inject
    ProxyTestKit kit;
    @Inject
    WebTarget target;
    @Inject
    AccountPool pool;
    @Inject
    AccountSelector selector;
    @Inject
    UsageSampleRepository samples;
    @Inject
    SettingsRepository settings;
    @Inject
    SettingsCache settingsCache;
    @Inject
    StickySessionRepository stickyRows;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target, UpstreamTransport.HTTP);
    }

    @Test
    void aSampleSeenBeforeItsWindowResetNoLongerCountsAsPressure() throws Exception {
        kit.saveSettings(RoutingStrategy.USAGE_WEIGHTED, "95", 1800);
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 50, 20);
        sample(a, UsageWindow.PRIMARY, 98, Instant.now().minusSeconds(600)); // that 5-hour window has reset since
        assertEquals("acc-a", answeredBy(kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\","
                + "\"stream\":true}")), "acc-a has the lowest weekly usage and no pressure left");
    }

    @Test
    void anAccountWithoutUsageYetIsWeightedOnTheSameWeeklyScaleAsTheOthers() {
        settings.save(new Settings(RoutingStrategy.CAPACITY_WEIGHTED, new BigDecimal("95"), false, true, 1800,
                UpstreamTransport.HTTP, Instant.now()));
        settingsCache.refresh();
        String fresh = kit.accountWithoutUsage("acc-new"); // signed in a moment ago: nothing polled yet
        String half = kit.account("acc-half", 0, 50);
        List<AccountState> both = List.of(pool.get(fresh).orElseThrow(), pool.get(half).orElseThrow());
        int picks = 600;
        int freshPicks = 0;
        for (int i = 0; i < picks; i++) {
            freshPicks += selector.choose(both, settingsCache.current()).id().equals(fresh) ? 1 : 0;
        }
        // weekly credits left: 7560 against 3780, so about two picks in three
        assertTrue(freshPicks > picks / 2 && freshPicks < picks * 5 / 6, freshPicks + " of " + picks);
    }

    @Test
    void aQuotaErrorThatSaysTryAgainSoonStillLimitsTheAccountForAnHour() throws Exception {
        kit.saveSettings(RoutingStrategy.USAGE_WEIGHTED, "95", 1800);
        String a = kit.account("acc-a", 10, 10);
        kit.account("acc-b", 20, 20);
        BACKEND.account("acc-a").enqueue(Reply.status(429, "{\"error\":{\"type\":\"insufficient_quota\","
                + "\"code\":\"insufficient_quota\",\"message\":\"You exceeded your quota, try again in 20s.\"}}"));
        assertEquals("acc-b", answeredBy(kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\","
                + "\"stream\":true}")));
        AccountState limited = pool.get(a).orElseThrow();
        assertEquals(AccountStatus.QUOTA_EXCEEDED, limited.status());
        assertTrue(limited.resetAt().isAfter(Instant.now().plus(Duration.ofMinutes(55))), "reset " + limited.resetAt());
    }

    @Test
    void aPromptCacheMappingFollowsItsConversationWhenFailoverMovesIt() throws Exception {
        kit.saveSettings(RoutingStrategy.USAGE_WEIGHTED, "95", 1800);
        String a = kit.account("acc-a", 10, 10);
        String b = kit.account("acc-b", 20, 20);
        String turn = "{\"model\":\"gpt-5.4\",\"input\":\"hi\",\"stream\":true,\"prompt_cache_key\":\"K\"}";
        assertEquals("acc-a", answeredBy(kit.post("/v1/responses", turn)));
        awaitMapping("K", a);
        BACKEND.account("acc-a").enqueue(Reply.serverError(), Reply.serverError(), Reply.serverError());
        assertEquals("acc-b", answeredBy(kit.post("/v1/responses", turn)), "failed over");
        awaitMapping("K", b);
        assertEquals("acc-b", answeredBy(kit.post("/v1/responses", turn)), "the next turn stays where it went on");
    }

    private void sample(String accountId, UsageWindow window, double percent, Instant resetAt) throws SQLException {
        Instant now = Instant.now();
        samples.saveAll(List.of(new UsageSample(accountId, window, percent,
                window == UsageWindow.PRIMARY ? 300 : 10080, resetAt, now.plusMillis(1), UsageSource.POLL)));
        pool.refresh();
    }

    private void awaitMapping(String key, String accountId) {
        Poll.until(key + " -> " + accountId, Duration.ofSeconds(3), () -> stickyRows.find(key,
                StickyKind.PROMPT_CACHE).map(StickySession::getAccountId).filter(accountId::equals).isPresent());
    }

    private static String answeredBy(HttpResponse<String> response) {
        StringBuilder text = new StringBuilder();
        response.body().lines().filter(line -> line.startsWith("data: ") && line.contains("output_text.delta"))
                .forEach(line -> text.append(line.replaceAll(".*\"delta\":\"([^\"]*)\".*", "$1")));
        Matcher matcher = ANSWERED_BY.matcher(text);
        assertTrue(matcher.find(), "no answer in: " + response.body());
        return matcher.group(1);
    }
}
