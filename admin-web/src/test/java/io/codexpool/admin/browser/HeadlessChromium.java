package io.codexpool.admin.browser;

import java.io.File;
import java.time.Duration;

import io.codexpool.testing.TestFolders;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven through Debian's chromedriver: both paths are given, so Selenium Manager never runs and
 * nothing is downloaded (the CI machines are offline).
 */
final class HeadlessChromium {
    static final String BROWSER = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";

    private HeadlessChromium() {
    }

    static ChromeDriver start() {
        requireBrowser(BROWSER, DRIVER, System.getenv("CI"));
        System.setProperty("webdriver.chrome.driver", DRIVER);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1500", "--user-data-dir=" + freshProfile());
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /**
     * Without the browser or its driver the calling test is skipped with the reason, except on CI ({@code CI=true}),
     * where it fails: CI must never pass without having run it.
     */
    static void requireBrowser(String browser, String driver, String ci) {
        if (new File(browser).canExecute() && new File(driver).canExecute()) {
            return;
        }
        String missing = "the browser tests need " + browser + " and " + driver
                + ": apt-get install -y chromium chromium-driver (.ci/run does this)";
        if ("true".equals(ci)) {
            throw new AssertionError(missing + " [CI=true, so this fails instead of skipping]");
        }
        Assumptions.abort(missing);
    }

    private static String freshProfile() {
        return TestFolders.deletedAtExit("chromium-profiles").toString();
    }
}
