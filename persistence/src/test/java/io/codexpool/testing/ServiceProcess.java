package io.codexpool.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service in a JVM of its own, started from the test class path, as an operator would run it: for restarts,
 * start-up failures and several replicas on one database.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path output;
    private final int port;

    private ServiceProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** Starts the main class with these system properties; {@code server.port} is chosen here. */
    public static ServiceProcess start(String mainClass, Map<String, String> properties) {
        return launch(List.of(), properties, List.of("-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), mainClass),
                null);
    }

    /** Runs the packaged service exactly as the README does: {@code java -jar codex-pool.jar}. */
    public static ServiceProcess startJar(Path jar, Map<String, String> properties) {
        return startJar(jar, List.of(), properties, null);
    }

    /**
     * The packaged service with options for its JVM, which come after the defaults and so win over them (a later
     * {@code -Xmx} counts), writing its output to {@code output} (null: a temporary file).
     */
    public static ServiceProcess startJar(Path jar, List<String> jvmOptions, Map<String, String> properties,
                                          Path output) {
        return launch(jvmOptions, properties, List.of("-jar", jar.toAbsolutePath().toString()), output);
    }

    private static ServiceProcess launch(List<String> jvmOptions, Map<String, String> properties, List<String> what,
                                         Path output) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        // the test run's temp directory (target/tmp), so the service's temporary files stay there too
        command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        command.addAll(jvmOptions);
        command.add("-Dserver.port=" + port);
        command.add("-Dserver.host=127.0.0.1");
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(what);
        try {
            if (output == null) {
                output = Files.createTempFile("codexpool-service", ".log");
            }
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            return new ServiceProcess(process, output, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Polls {@code /health/ready} until it answers 200, failing with the service's output past the deadline. */
    public ServiceProcess awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("service exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            pause();
        }
        throw new AssertionError("service not ready within " + timeout + ":\n" + output());
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("service still running after " + timeout + ":\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    /** Ends the process at once (SIGKILL), as a crash would: no shutdown hook runs, nothing is released. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the service as an operator would (SIGTERM, or Ctrl-C) and fails the test unless it has exited within
     * {@code timeout}; returns its exit code.
     */
    public int stop(Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                String stuck = output();
                kill();
                throw new AssertionError("service still running " + timeout + " after SIGTERM:\n" + stuck);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Stops the service as an operator would (SIGTERM), so shutdown hooks run. */
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
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100); // polling interval of a deadline-bounded wait, not a timing assumption
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
