package io.codexpool.benchmark;

import java.io.IOException;
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

    private final ServiceProcess service;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PoolProcess(ServiceProcess service, Path log) {
        this.service = service;
        this.log = log;
    }

    /**
     * @param jvmOptions extra options for the service's JVM, such as a flight recording
     */
    static PoolProcess start(Path jar, Path workDir, BenchmarkDatabase db, String upstreamBaseUrl,
                             List<String> jvmOptions) {
        List<String> options = new ArrayList<>();
        options.add("-Xmx1g");
        options.addAll(jvmOptions);
        Path log = workDir.resolve("pool.log");
        ServiceProcess service = ServiceProcess.startJar(jar, options, Map.of(
                "codexpool.data-dir", workDir.resolve("pool-data").toString(),
                "codexpool.db.url", db.url(), "codexpool.db.user", db.user(),
                "codexpool.db.password", db.password(), "codexpool.encryption-key", KEY,
                "codexpool.upstream.base-url", upstreamBaseUrl, "codexpool.admin.api-token", API_TOKEN,
                // the fake speaks SSE over HTTP only; gpt-5.4 would otherwise go over WebSocket (auto)
                "codexpool.upstream.transport", "http"), log);
        return new PoolProcess(service, log);
    }

    String baseUrl() {
        return service.uri("/backend-api").toString();
    }

    /** The service's root, for the admin site. */
    java.net.URI root() {
        return service.uri("/");
    }

    long pid() {
        return service.pid();
    }

    void awaitReady(Duration timeout) {
        service.awaitReady(timeout);
    }

    /** Imports accounts through the admin JSON API, as an operator's script would. */
    void importAccounts(int count) throws IOException, InterruptedException {
        for (int i = 1; i <= count; i++) {
            String auth = FakeAuthJson.authJson("bench" + i + "@example.com", "bench-account-" + i, "pro");
            HttpRequest request = HttpRequest.newBuilder(service.uri("/api/admin/accounts"))
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

    /** Stops the service with SIGTERM, so it drains its writers as in a normal shutdown. */
    @Override
    public void close() {
        service.close();
        http.close();
    }
}
