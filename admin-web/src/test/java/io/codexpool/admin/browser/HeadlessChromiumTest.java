package io.codexpool.admin.browser;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The browser test's rule for a machine without Chromium: skip with the reason, but never pass CI that way. */
class HeadlessChromiumTest {
    private static final String MISSING = "/nonexistent/chromium";

    @Test
    void withoutTheBrowserOutsideCiTheTestIsSkippedWithTheReasonAndTheInstallCommand() {
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> HeadlessChromium.requireBrowser(MISSING, HeadlessChromium.DRIVER, null));
        assertTrue(skipped.getMessage().contains(MISSING), skipped.getMessage());
        assertTrue(skipped.getMessage().contains("apt-get install -y chromium chromium-driver"), skipped.getMessage());
        assertThrows(TestAbortedException.class,
                () -> HeadlessChromium.requireBrowser(MISSING, HeadlessChromium.DRIVER, "false"));
    }

    @Test
    void withoutTheDriverOnCiTheTestFails() {
        AssertionError failed = assertThrows(AssertionError.class,
                () -> HeadlessChromium.requireBrowser("/bin/sh", "/nonexistent/chromedriver", "true"));
        assertTrue(failed.getMessage().contains("CI=true"), failed.getMessage());
    }

    @Test
    void withBothPresentNothingIsInTheWay() {
        assertDoesNotThrow(() -> HeadlessChromium.requireBrowser("/bin/sh", "/bin/sh", "true"));
    }
}
