package io.codexpool.admin.browser;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.codexpool.admin.accounts.FakeAuthJson;
import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.requestlogs.RequestLogRepository;
import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.persistence.sticky.StickySession;
import io.codexpool.persistence.sticky.StickySessionRepository;
import io.codexpool.persistence.usage.UsageSample;
import io.codexpool.persistence.usage.UsageSampleRepository;
import io.codexpool.persistence.usage.UsageSource;
import io.codexpool.persistence.usage.UsageWindow;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An admin's day in a real headless Chromium, each step asserting what the page shows. */
@ExtendWith(TestDatabase.class)
@HelidonTest
class AdminBrowserTest {
    private static final String PASSWORD = "browser-password-1";

    @Inject
    RequestLogRepository requestLogs;
    @Inject
    StickySessionRepository sticky;
    @Inject
    AccountRepository accounts;
    @Inject
    UsageSampleRepository usage;

    private ChromeDriver browser;
    private WebDriverWait wait;
    private String base;

    @BeforeEach
    void openBrowser() {
        base = "http://127.0.0.1:" + CDI.current().getBeanManager().getExtension(ServerCdiExtension.class).port();
        browser = HeadlessChromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void signInImportChangeSettingsSeeARequestDeleteAStickyMappingAndSignOut() throws Exception {
        // First run: set the password (loopback needs no token), then sign out and sign in with it.
        browser.get(base + "/");
        wait.until(ExpectedConditions.urlContains("/admin/login"));
        assertTrue(text("main").contains("No admin password is set yet"));
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("confirm")).sendKeys(PASSWORD);
        submit(By.cssSelector("form button[type=submit]"));
        assertEquals("Admin password set. Welcome to Codex Pool.", flash());
        submit(By.id("sign-out"));
        assertEquals("Signed out.", flash());
        browser.findElement(By.id("password")).sendKeys("not-the-password");
        submit(By.cssSelector("main form button[type=submit]"));
        assertTrue(text("main").contains("That password is not right."));
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        submit(By.cssSelector("main form button[type=submit]"));
        assertEquals("Signed in.", flash());
        assertEquals("Dashboard", browser.findElement(By.cssSelector("nav a.current")).getText());

        // Import an account from a file.
        browser.findElement(By.linkText("Accounts")).click();
        Path authJson = Files.createTempFile("auth", ".json");
        Files.writeString(authJson, FakeAuthJson.authJson("browser@example.com", "acc-browser", "plus"));
        browser.findElement(By.id("authFile")).sendKeys(authJson.toString());
        submit(By.cssSelector("#import-form button[type=submit]"));
        assertEquals("Imported browser@example.com.", flash());
        assertTrue(text("#accounts").contains("browser@example.com"));
        assertTrue(text("#accounts").contains("active"));
        for (String secret : FakeAuthJson.secrets("browser@example.com", "acc-browser", "plus")) {
            assertTrue(!browser.getPageSource().contains(secret), "no token text in the page");
        }
        Account account = accounts.findByIdentity("acc-browser", "browser@example.com").orElseThrow();

        // Change the budget threshold and the transport override; a bad value first.
        browser.findElement(By.linkText("Settings")).click();
        WebElement threshold = browser.findElement(By.id("budgetThresholdPercent"));
        threshold.clear();
        threshold.sendKeys("abc");
        submit(By.id("save-settings"));
        assertTrue(text("#budgetThresholdPercent-error").contains("must be a number from 0 to 100"));
        assertEquals("abc", browser.findElement(By.id("budgetThresholdPercent")).getAttribute("value"),
                "typed value kept");
        threshold = browser.findElement(By.id("budgetThresholdPercent"));
        threshold.clear();
        threshold.sendKeys("97.5");
        browser.findElement(By.id("transport-websocket")).click();
        submit(By.id("save-settings"));
        assertEquals("Settings saved. The proxy uses them from its next request.", flash());
        assertEquals("97.5", browser.findElement(By.id("budgetThresholdPercent")).getAttribute("value"));
        assertTrue(browser.findElement(By.id("transport-websocket")).isSelected());
        assertEquals("97.50|websocket", TestDatabase.column(
                "select concat_ws('|', budget_threshold_percent, upstream_transport) from settings").getFirst());
        screenshot("settings.png");

        // A proxied request (written as the proxy's log writer writes it) appears in the request logs.
        seedTraffic(account);
        browser.findElement(By.linkText("Request logs")).click();
        String logs = text("#request-logs");
        assertTrue(logs.contains("browser@example.com") && logs.contains("gpt-5.4") && logs.contains("websocket"),
                logs);
        assertTrue(logs.contains("429") && logs.contains("usage_limit_reached"), logs);
        browser.findElement(By.id("status")).sendKeys("error");
        submit(By.cssSelector("#request-log-filters button[type=submit]"));
        assertEquals(1, browser.findElements(By.cssSelector("#request-logs tbody tr")).size());

        browser.findElement(By.linkText("Dashboard")).click();
        assertTrue(text("#account-cards").contains("browser@example.com"));
        assertTrue(text("#recent-requests").contains("gpt-5.4"));
        screenshot("dashboard.png");

        // Delete a sticky mapping.
        Instant now = Instant.now();
        sticky.save(new StickySession("thread-to-delete", StickyKind.STICKY_THREAD, account.getId(), now, now));
        sticky.save(new StickySession("thread-to-keep", StickyKind.STICKY_THREAD, account.getId(), now, now));
        browser.findElement(By.linkText("Sticky sessions")).click();
        assertTrue(text("#sticky-sessions").contains("thread-to-delete"));
        submit(By.cssSelector("button[aria-label='Delete thread-to-delete']"));
        assertEquals("Deleted the mapping thread-to-delete.", flash());
        assertTrue(!text("#sticky-sessions").contains("thread-to-delete"));
        assertTrue(text("#sticky-sessions").contains("thread-to-keep"));

        // The events page lists the settings change with its old and new values, and the failed sign-in.
        browser.findElement(By.linkText("Events")).click();
        browser.findElement(By.id("q")).sendKeys("budgetThresholdPercent");
        submit(By.cssSelector("#event-filters button[type=submit]"));
        String settingsEvents = text("#events");
        assertTrue(settingsEvents.contains("settings.changed")
                && settingsEvents.contains("budgetThresholdPercent: 95 → 97.5")
                && settingsEvents.contains("upstreamTransport: default → websocket"), settingsEvents);
        browser.get(base + "/admin/events?category=admin&q=sign_in.failed");
        assertTrue(text("#events").contains("from 127.0.0.1"), text("#events"));

        // Create an API key: its secret is shown once, with a copy button, and a reload shows the key without it.
        browser.findElement(By.linkText("API keys")).click();
        browser.findElement(By.id("name")).sendKeys("browser key");
        browser.findElement(By.id("limits")).sendKeys("tokens day 1000");
        submit(By.id("create-key"));
        String secret = browser.findElement(By.id("new-secret")).getAttribute("value");
        assertTrue(secret.matches("cpk_[A-Za-z0-9_-]{43}"), secret);
        assertTrue(text("main").contains("shown only this once"));
        assertTrue(browser.findElement(By.id("copy-secret")).isDisplayed());
        WebElement shown = browser.findElement(By.tagName("html"));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.stalenessOf(shown));
        assertEquals("browser key", text("h1"));
        assertTrue(text("#key-limits").contains("1000 tokens per day"));
        assertTrue(!browser.getPageSource().contains(secret), "the secret is gone after the reload");
        browser.findElement(By.linkText("API keys")).click();
        assertTrue(text("#api-keys").contains("browser key") && text("#api-keys").contains(secret.substring(0, 12)));
        assertTrue(!browser.getPageSource().contains(secret));

        // Sign out: the admin pages are closed again.
        submit(By.id("sign-out"));
        assertEquals("Signed out.", flash());
        browser.get(base + "/admin/settings");
        wait.until(ExpectedConditions.urlContains("/admin/login"));
        assertTrue(text("h1").contains("Sign in"));
    }

    private void seedTraffic(Account account) throws Exception {
        Instant now = Instant.now();
        List<RequestLog> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(new RequestLog().setRequestId("req-b-" + i).setRequestedAt(now.minusSeconds(1800L * i + 60))
                    .setAccountId(account.getId()).setAccountEmail(account.getEmail())
                    .setRoute("/backend-api/codex/responses").setModel(i % 3 == 0 ? "gpt-5.4-mini" : "gpt-5.4")
                    .setTransport("websocket").setInputTokens(4000L + i * 50).setCachedInputTokens(1500L)
                    .setOutputTokens(600L + i * 10).setLatencyMs(1200 + i * 20).setFirstTokenMs(300L + i)
                    .setStatusCode(200).setStatus("success").setCostUsd(new BigDecimal("0.0175")));
        }
        rows.add(new RequestLog().setRequestId("req-b-limited").setRequestedAt(now.minusSeconds(5))
                .setAccountId(account.getId()).setAccountEmail(account.getEmail())
                .setRoute("/v1/responses").setModel("gpt-5.4").setTransport("http").setLatencyMs(180)
                .setStatusCode(429).setStatus("error").setErrorCode("usage_limit_reached")
                .setErrorMessage("The usage limit has been reached"));
        requestLogs.insertAll(rows);
        List<UsageSample> samples = new ArrayList<>();
        for (int hour = 0; hour < 7 * 24; hour += 6) {
            Instant at = now.minus(Duration.ofHours(7 * 24 - hour));
            samples.add(new UsageSample(account.getId(), UsageWindow.PRIMARY, (hour * 7) % 100, 300,
                    at.plus(Duration.ofHours(5)), at, UsageSource.POLL));
            samples.add(new UsageSample(account.getId(), UsageWindow.SECONDARY, hour * 100.0 / (7 * 24), 10080,
                    now.plus(Duration.ofDays(1)), at, UsageSource.POLL));
        }
        samples.add(new UsageSample(account.getId(), UsageWindow.PRIMARY, 42, 300, now.plus(Duration.ofHours(3)),
                now, UsageSource.HEADER));
        usage.saveAll(samples);
    }

    /** Clicks a submit button and waits for the next page to replace this one. */
    private void submit(By button) {
        WebElement old = browser.findElement(By.tagName("html"));
        browser.findElement(button).click();
        wait.until(driver -> replaced(old));
    }

    /**
     * Whether the element's page is gone. Chromium sometimes reports a node of the unloaded page as "does not belong
     * to the document" instead of stale; both mean the next page has replaced it.
     */
    private static boolean replaced(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    private String flash() {
        return text(".flash");
    }

    private String text(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css))).getText();
    }

    /**
     * Saves the page as {@code target/screenshots/<name>}; with {@code -Dscreenshots.refresh=true} also as the
     * README's {@code docs/screenshots/<name>} (a tracked file, so only on request).
     */
    private void screenshot(String name) throws Exception {
        Path taken = Path.of("target", "screenshots", name);
        Files.createDirectories(taken.getParent());
        Files.write(taken, browser.getScreenshotAs(OutputType.BYTES));
        if (Boolean.getBoolean("screenshots.refresh")) {
            Path cwd = Path.of("").toAbsolutePath();
            Path root = cwd.getFileName().toString().equals("admin-web") ? cwd.getParent() : cwd;
            Files.copy(taken, root.resolve("docs/screenshots").resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
