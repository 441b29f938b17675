package io.codexpool.admin.requestlogs;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;

import io.codexpool.persistence.requestlogs.RequestLogFilter;
import io.codexpool.persistence.requestlogs.RequestLogSearch;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * Runs the CSV export of every request-log row into a byte counter, in a JVM of its own that the memory test starts
 * with a small heap, and prints {@code lines=<n> bytes=<n> peakHeapBytes=<n>}.
 */
public final class CsvExportProbe {
    private CsvExportProbe() {
    }

    public static void main(String[] args) throws Exception {
        MariaDbDataSource dataSource = new MariaDbDataSource(args[0]);
        dataSource.setUser(args[1]);
        dataSource.setPassword(args.length > 2 ? args[2] : "");
        LineCounter counter = new LineCounter();
        try (Writer writer = new OutputStreamWriter(counter, StandardCharsets.UTF_8)) {
            RequestLogsCsvApi.write(new RequestLogSearch(dataSource), RequestLogFilter.ANY, writer);
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("lines=" + counter.lines + " bytes=" + counter.bytes + " peakHeapBytes=" + peak);
    }

    private static final class LineCounter extends OutputStream {
        long lines;
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
            if (b == '\n') {
                lines++;
            }
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            bytes += length;
            for (int i = offset; i < offset + length; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
        }
    }
}
