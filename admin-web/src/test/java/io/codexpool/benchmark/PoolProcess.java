package io.codexpool.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codexpool.admin.accounts.FakeAuthJson;
import io.codexpool.testing.ServiceProcess;

/**
 * Codex Pool run from its packaged jar in a JVM of its own, as an operator runs it, with hooks to read its memory and
 * threads from outside.
 */
final class PoolProcess implements AutoCloseable {
    static final String API_TOKEN = "benchmark-admin-api-token";
    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    /** G1 and Parallel report "used 1234K"; ZGC reports "used 12M". */
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)([KMG])");

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PoolProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * @param jvmOptions extra options for the service's JVM, such as a flight recording
     */
    static PoolProcess start(Path jar, Path workDir, BenchmarkDatabase db, String upstreamBaseUrl,
                             List<String> jvmOptions) throws IOException {
        int port = ServiceProcess.freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(jvmOptions);
        Map.of("server.host", "127.0.0.1", "server.port", String.valueOf(port),
                        "codexpool.data-dir", workDir.resolve("pool-data").toString(),
                        "codexpool.db.url", db.url(), "codexpool.db.user", db.user(),
                        "codexpool.db.password", db.password(), "codexpool.encryption-key", KEY,
                        "codexpool.upstream.base-url", upstreamBaseUrl, "codexpool.admin.api-token", API_TOKEN,
                        // the fake speaks SSE over HTTP only; gpt-5.4 would otherwise go over WebSocket (auto)
                        "codexpool.upstream.transport", "http")
                .forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        Path log = workDir.resolve("pool.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new PoolProcess(process, log, port);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port + "/backend-api";
    }

    long pid() {
        return process.pid();
    }

    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Codex Pool exited; see " + log);
            }
            try {
                if (http.send(get("/health/ready"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200); // polling interval of a deadline-bounded wait
        }
        throw new IllegalStateException("Codex Pool not ready within " + timeout + "; see " + log);
    }

    /** Imports accounts through the admin JSON API, as an operator's script would. */
    void importAccounts(int count) throws IOException, InterruptedException {
        for (int i = 1; i <= count; i++) {
            String auth = FakeAuthJson.authJson("bench" + i + "@example.com", "bench-account-" + i, "pro");
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/admin/accounts"))
                    .header("Authorization", "Bearer " + API_TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(auth)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("account import failed: " + response.statusCode() + " "
                        + response.body());
            }
        }
    }

    /** Heap in use right after a full collection, in bytes (read with jcmd). */
    long heapUsedAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("no heap usage in jcmd output");
        }
        int shift = switch (used.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            default -> 30;
        };
        return Long.parseLong(used.group(1)) << shift;
    }

    /** The service's live objects by class, into the work directory: where idle streams' memory goes. */
    void writeHeapHistogram(String fileName) throws IOException, InterruptedException {
        Files.writeString(log.resolveSibling(fileName), jcmd("GC.class_histogram"));
    }

    long residentBytes() throws IOException {
        return procStatus("VmRSS") * 1024;
    }

    /** Operating-system threads of the service: carriers and platform threads, never virtual ones. */
    long osThreads() throws IOException {
        return procStatus("Threads");
    }

    private long procStatus(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException(field + " not in /proc status");
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid()), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
        }
        return output;
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2)).build();
    }

    /** Stops the service with SIGTERM, so it drains its writers as in a normal shutdown. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
    }
}
