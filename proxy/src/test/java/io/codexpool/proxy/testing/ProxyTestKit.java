package io.codexpool.proxy.testing;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.codexpool.testing.Poll;
import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.requestlogs.RequestLogRepository;
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
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.settings.SettingsCache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What proxy integration tests share: one fake ChatGPT backend for the whole JVM (a test class registers
 * {@link FakeBackendConfig} to point the service at it), seeding of accounts, usage and settings, and
 * HTTP calls. Tests add it with {@code @AddBean(ProxyTestKit.class)} and call {@link #reset(WebTarget)} first.
 */
@ApplicationScoped
public class ProxyTestKit {
    public static final FakeChatGptBackend BACKEND = FakeChatGptBackend.start();

    /**
     * Points the service at {@link #BACKEND} for one test class; register it before {@code @HelidonTest}, since the
     * container reads its configuration when it starts.
     */
    public static final class FakeBackendConfig implements BeforeAllCallback, AfterAllCallback {
        private static final Map<String, String> PROPERTIES = Map.of(
                "codexpool.upstream.base-url", BACKEND.baseUrl(),
                "codexpool.auth.base-url", BACKEND.authBaseUrl());

        @Override
        public void beforeAll(ExtensionContext context) {
            PROPERTIES.forEach(System::setProperty);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            PROPERTIES.keySet().forEach(System::clearProperty);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    AccountRepository accounts;
    @Inject
    UsageSampleRepository usage;
    @Inject
    SettingsRepository settings;
    @Inject
    SettingsCache settingsCache;
    @Inject
    AccountPool pool;
    @Inject
    TokenCipher cipher;
    @Inject
    RequestLogRepository requestLogs;
    private volatile WebTarget target;

    /** Starts a test: no accounts, default settings, a fresh fake; requests go to {@code target}. */
    public void reset(WebTarget target) {
        reset(target, UpstreamTransport.DEFAULT);
    }

    /** As {@link #reset(WebTarget)}, with this upstream transport setting. */
    public void reset(WebTarget target, UpstreamTransport transport) {
        this.target = target;
        accounts.findAll().forEach(a -> accounts.delete(a.getId()));
        saveTransport(transport, RoutingStrategy.USAGE_WEIGHTED);
        settingsCache.refresh();
        BACKEND.reset();
        pool.refresh();
    }

    /** Saves the settings row without refreshing the cache: the periodic refresh must pick it up. */
    public void saveTransport(UpstreamTransport transport, RoutingStrategy strategy) {
        settings.save(new Settings(strategy, new BigDecimal("95"), true, true, 1800, transport, Instant.now()));
    }

    /** The request-log row of one request (sent with {@code x-client-request-id: requestId}), once written. */
    public RequestLog awaitRow(String requestId) {
        List<RequestLog> rows = awaitRows(row -> requestId.equals(row.getRequestId()), 1);
        assertEquals(1, rows.size(), "one request-log row per request");
        return rows.getFirst();
    }

    /** The newest rows matching {@code filter}, once at least {@code count} exist. */
    public List<RequestLog> awaitRows(Predicate<RequestLog> filter, int count) {
        return Poll.until(count + " request-log rows", Duration.ofSeconds(20),
                () -> requestLogs.findNewest(100).stream().filter(filter).toList(), rows -> rows.size() >= count);
    }

    /** An active plus account known to the fake, with the given used percents; returns its id. */
    public String account(String chatgptId, double primary, double secondary) {
        String id = accountWithoutUsage(chatgptId);
        usage(id, chatgptId, primary, secondary);
        return id;
    }

    /** An active plus account known to the fake, just signed in: no usage sample yet. Returns its id. */
    public String accountWithoutUsage(String chatgptId) {
        Account account = new Account(chatgptId + "@example.com", chatgptId, "plus", Instant.now());
        account.setAccessTokenEncrypted(cipher.encrypt(BACKEND.account(chatgptId).accessToken()));
        account.setRefreshTokenEncrypted(cipher.encrypt("refresh-" + chatgptId));
        account.setLastRefreshAt(Instant.now());
        accounts.save(account);
        pool.refresh();
        return account.getId();
    }

    /** Sets an account's usage everywhere: the fake's reply headers, the database and the routing pool. */
    public void usage(String accountId, String chatgptId, double primary, double secondary) {
        Instant now = Instant.now();
        try {
            usage.saveAll(List.of(
                    new UsageSample(accountId, UsageWindow.PRIMARY, primary, 300, now.plusSeconds(3600), now,
                            UsageSource.POLL),
                    new UsageSample(accountId, UsageWindow.SECONDARY, secondary, 10080, now.plus(5, ChronoUnit.DAYS),
                            now, UsageSource.POLL)));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        BACKEND.account(chatgptId).usage(primary, secondary);
        pool.refresh();
    }

    public void saveSettings(RoutingStrategy strategy, String threshold, int promptCacheTtlSeconds) {
        settings.save(new Settings(strategy, new BigDecimal(threshold), true, true, promptCacheTtlSeconds,
                UpstreamTransport.DEFAULT, Instant.now()));
        settingsCache.refresh();
    }

    public HttpClient http() {
        return http;
    }

    public URI uri(String path) {
        return target.path(path).getUri();
    }

    public HttpRequest request(String path, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.build();
    }

    public HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        return http.send(request(path, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    /** What {@code /metrics} shows now, in Prometheus text. */
    public PrometheusText scrape() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/metrics"))
                    .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            return PrometheusText.parse(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The account with this ChatGPT id. */
    public String accountId(String chatgptId) {
        return accounts.findAll().stream().filter(a -> chatgptId.equals(a.getChatgptAccountId())).findFirst()
                .orElseThrow().getId();
    }

}
