package io.codexpool.admin.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;

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
        if (!new File(BROWSER).canExecute() || !new File(DRIVER).canExecute()) {
            throw new AssertionError("the browser tests need " + BROWSER + " and " + DRIVER
                    + ": apt-get install -y chromium chromium-driver (.ci/run does this)");
        }
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

    private static String freshProfile() {
        try {
            File dir = Files.createTempDirectory("codexpool-chromium").toFile();
            dir.deleteOnExit();
            return dir.getAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
