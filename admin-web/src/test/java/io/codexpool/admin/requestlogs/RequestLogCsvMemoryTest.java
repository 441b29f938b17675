package io.codexpool.admin.requestlogs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codexpool.admin.testing.RequestLogSeeder;
import io.codexpool.testing.TestDatabase;
import io.codexpool.testing.TestMariaDb;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CSV export of a million request-log rows runs in a JVM whose whole heap is 32 MiB: the rows alone take about
 * 300 MB as CSV, so an export that held them (or a driver that buffered the result) would fail with
 * OutOfMemoryError. The container is started only to migrate the test database.
 */
@ExtendWith(TestDatabase.class)
@HelidonTest
class RequestLogCsvMemoryTest {
    private static final int ROWS = 1_000_000;
    private static final Pattern RESULT = Pattern.compile("lines=(\\d+) bytes=(\\d+) peakHeapBytes=(\\d+)");

    @Test
    void exportOfAMillionRowsRunsInA32MibHeap() throws Exception {
        TestMariaDb.TestDatabaseUrl db = TestDatabase.current();
        try (Connection connection = db.connect()) {
            // 20 days: well inside the 30-day retention, whose job runs meanwhile
            RequestLogSeeder.seed(connection, ROWS, 20, List.of(), List.of());
        }
        Path log = Files.createDirectories(Path.of("target")).resolve("csv-export-probe.log");
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                CsvExportProbe.class.getName(), db.url(), db.user(), db.password())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = probe.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            probe.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(finished, "probe finished: " + output);
        assertEquals(0, probe.exitValue(), output);
        Matcher result = RESULT.matcher(output);
        assertTrue(result.find(), output);
        assertEquals(ROWS + 1, Long.parseLong(result.group(1)), "header and every row");
        assertTrue(Long.parseLong(result.group(2)) > 150L * ROWS, "rows of real size: " + output);
        assertTrue(Long.parseLong(result.group(3)) <= 32L << 20, output);
    }
}
