package io.codexpool.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A MariaDB server of a test's own, started from the machine's {@code /usr/sbin/mariadbd} on a free loopback port with
 * its data under {@code target/}: for tests that stop, kill or reconfigure a server (never the shared one). Its
 * settings go into a defaults file beside the data folder, so helper tools the server starts (a Galera state transfer
 * runs {@code mariabackup}) read the same ones. Stopped and deleted by {@link #close()}, and at JVM exit otherwise.
 */
public final class MariaDbServer implements AutoCloseable {
    private static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Path home;
    private final Path dataDir;
    private final Path defaultsFile;
    private final int port;
    private volatile Process process;

    private MariaDbServer(String name, Path home, int port) {
        this.name = name;
        this.home = home;
        this.dataDir = home.resolve("data");
        this.defaultsFile = home.resolve("my.cnf");
        this.port = port;
        Runtime.getRuntime().addShutdownHook(new Thread(this::destroyAndDelete));
    }

    /** Whether this machine has the server binaries. */
    public static boolean available() {
        return Files.isExecutable(MARIADBD) && Files.isExecutable(INSTALL_DB);
    }

    /**
     * Prepares a server named {@code name} under {@code parent} (created; a folder under {@code target/}) with these
     * extra {@code [mysqld]} settings; nothing runs until {@link #start}.
     *
     * @param initialize create the system tables first (false for a Galera joiner, which receives them)
     */
    public static MariaDbServer create(Path parent, String name, Map<String, String> settings, boolean initialize) {
        MariaDbServer server = new MariaDbServer(name, parent.toAbsolutePath().resolve(name),
                ServiceProcess.freePort());
        try {
            Files.createDirectories(server.dataDir);
            Map<String, String> all = new LinkedHashMap<>();
            if ("root".equals(System.getProperty("user.name"))) {
                all.put("user", "root"); // mariadbd refuses to run as root unless told to
            }
            all.put("datadir", server.dataDir.toString());
            all.put("port", String.valueOf(server.port));
            all.put("bind-address", "127.0.0.1");
            all.put("socket", server.home.resolve("mysqld.sock").toString());
            all.put("pid-file", server.home.resolve("mysqld.pid").toString());
            all.put("log-error", server.home.resolve("error.log").toString());
            all.put("skip-name-resolve", "ON");
            // Small, so several servers fit beside the build on a small machine.
            all.put("innodb_buffer_pool_size", "32M");
            all.put("innodb_log_file_size", "8M");
            all.put("performance_schema", "OFF");
            all.putAll(settings);
            StringBuilder cnf = new StringBuilder("[mysqld]\n");
            all.forEach((key, value) -> cnf.append(key).append('=').append(value).append('\n'));
            // A Galera joiner's state-transfer script otherwise archives its logs in /tmp/sst_log_archive
            cnf.append("[sst]\nsst-log-archive=0\n");
            Files.writeString(server.defaultsFile, cnf);
            if (initialize) {
                server.run(List.of(INSTALL_DB.toString(), "--defaults-file=" + server.defaultsFile,
                        "--auth-root-authentication-method=normal", "--skip-test-db"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return server;
    }

    /** Starts the server process with these extra command-line options, without waiting for it. */
    public MariaDbServer start(String... options) {
        List<String> command = new ArrayList<>(List.of(MARIADBD.toString(), "--defaults-file=" + defaultsFile));
        command.addAll(List.of(options));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Waits until the server accepts connections, failing with its error log when it exits or the time is up. */
    public MariaDbServer awaitReady() {
        Poll.until("mariadbd " + name + " accepting connections", START_TIMEOUT, () -> {
            try (Connection ignored = connect("")) {
                return true;
            } catch (SQLException e) {
                if (!process.isAlive()) {
                    throw new AssertionError("mariadbd " + name + " exited with " + process.exitValue() + ":\n"
                            + errorLog());
                }
                return false;
            }
        });
        return this;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:mariadb://127.0.0.1:port/database}. */
    public String url(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    /** A connection as root to {@code database} (empty: none). */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), "root", "");
    }

    public boolean running() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Ends the server at once (SIGKILL), as a crash or a lost machine would. */
    public void kill() {
        Process current = process;
        if (current != null) {
            try {
                current.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the server cleanly (SIGTERM) and waits for it. */
    public void stop() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroy();
            try {
                if (!current.waitFor(60, TimeUnit.SECONDS)) {
                    current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public String errorLog() {
        try {
            Path log = home.resolve("error.log");
            if (!Files.exists(log)) {
                return "(no error log)";
            }
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(error log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
        delete(home);
    }

    private void destroyAndDelete() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
            try {
                current.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        delete(home);
    }

    private void run(List<String> command) throws IOException {
        Process tool = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile())).start();
        try {
            if (!tool.waitFor(120, TimeUnit.SECONDS) || tool.exitValue() != 0) {
                tool.destroyForcibly();
                throw new AssertionError(command.getFirst() + " failed for " + name + ":\n"
                        + Files.readString(home.resolve("console.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: it lives under target/
        }
    }
}
