package io.codexpool.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A test run leaves no test databases and no server folder behind, whichever server it used. */
class TestMariaDbCleanupTest {

    @Test
    void theEmbeddedFallbackDropsItsDatabasesThenStopsAndRemovesItsFolderUnderTarget() {
        Path dir = Path.of("target", "test-mariadb", UUID.randomUUID().toString()).toAbsolutePath();
        TestMariaDb server = TestMariaDb.embedded(dir);
        try {
            server.createDatabase();
            server.createDatabase();
            assertEquals(2, server.remainingDatabases().size());
            assertTrue(Files.isDirectory(dir.resolve("data")), "server folder under target/: " + dir);

            server.dropCreated();
            assertEquals(List.of(), server.remainingDatabases());
        } finally {
            server.close();
        }
        assertFalse(Files.exists(dir), "server folder removed: " + dir);
    }

    @Test
    void theEmbeddedFallbackOfAJvmThatExitsRemovesItsFolder() {
        Path dir = Path.of("target", "test-mariadb", UUID.randomUUID().toString()).toAbsolutePath();
        try (ServiceProcess run = ServiceProcess.start(TestRunEnding.class.getName(),
                Map.of(TestRunEnding.EMBEDDED_DIR, dir.toString()))) {
            assertEquals(0, run.awaitExit(Duration.ofSeconds(180)), run.output());
            assertTrue(run.output().contains("created cp_"), run.output());
        }
        assertFalse(Files.exists(dir), "server folder removed at exit: " + dir);
    }

    @Test
    void theConfiguredServerOfAJvmThatExitsNoLongerHasItsDatabases() {
        assumeTrue(System.getenv("CODEXPOOL_TEST_DB_URL") != null,
                "CODEXPOOL_TEST_DB_URL is not set: the embedded fallback is covered by the other tests");
        String database;
        try (ServiceProcess run = ServiceProcess.start(TestRunEnding.class.getName(), Map.of())) {
            assertEquals(0, run.awaitExit(Duration.ofSeconds(60)), run.output());
            database = run.output().lines().filter(line -> line.startsWith("created "))
                    .map(line -> line.substring("created ".length())).findFirst().orElseThrow();
        }
        assertFalse(TestMariaDb.get().databaseExists(database), database + " dropped when its run ended");
    }

    /**
     * A test run in miniature: takes a server (the embedded one in a given folder, else the run's own), creates a
     * database, names it and ends, leaving the clean-up to the shutdown hook.
     */
    public static final class TestRunEnding {
        static final String EMBEDDED_DIR = "test.embedded-dir";

        public static void main(String[] args) {
            String dir = System.getProperty(EMBEDDED_DIR);
            TestMariaDb server = dir == null ? TestMariaDb.get() : TestMariaDb.closedAtExit(TestMariaDb.embedded(
                    Path.of(dir)));
            String url = server.createDatabase().url();
            String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
            System.out.println("created " + name);
            System.exit(0); // as surefire ends its JVM: the server's threads would keep it alive
        }
    }
}
