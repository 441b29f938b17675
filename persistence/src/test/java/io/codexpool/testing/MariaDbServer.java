package io.codexpool.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A MariaDB server of a test's own, which the test may stop and start: the machine's {@code mariadbd} on a data
 * directory the test names (under {@code target/}), its own port and socket, bound to 127.0.0.1. Never the shared
 * test server, which other tests and developers use. The process is killed by {@link #close()} and, should the test
 * not get there, when the JVM exits. Extra server options (for example a Galera node's) go to {@link #create}.
 */
public final class MariaDbServer implements AutoCloseable {
    private static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final int port;
    private final List<String> extraOptions;
    private final Thread killOnExit;
    private volatile Process process;

    private MariaDbServer(Path dataDir, int port, List<String> extraOptions) {
        this.dataDir = dataDir;
        this.port = port;
        this.extraOptions = List.copyOf(extraOptions);
        this.killOnExit = new Thread(this::kill, "mariadbd-" + port + "-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Whether this machine has the server and its installer (Debian's {@code mariadb-server}). */
    public static boolean available() {
        return Files.isExecutable(SERVER) && Files.isExecutable(INSTALL_DB);
    }

    /**
     * Installs a fresh data directory at {@code dataDir} (emptied first) for a server on a free port; call
     * {@link #start()} next.
     */
    public static MariaDbServer create(Path dataDir, List<String> extraOptions) throws IOException {
        deleteTree(dataDir);
        Files.createDirectories(dataDir);
        List<String> install = List.of(INSTALL_DB.toString(), "--no-defaults", "--datadir=" + dataDir.resolve("data"),
                "--user=" + System.getProperty("user.name"), "--auth-root-authentication-method=normal",
                "--skip-test-db");
        run(install, dataDir.resolve("install.log"));
        return new MariaDbServer(dataDir, freePort(), extraOptions);
    }

    public int port() {
        return port;
    }

    /** A JDBC URL for {@code database} on this server (user root, no password). */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    /** Starts the server (again, after {@link #stop()}) and returns once it accepts connections. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(SERVER.toString(), "--no-defaults",
                "--datadir=" + dataDir.resolve("data"), "--port=" + port, "--bind-address=127.0.0.1",
                "--socket=" + dataDir.resolve("mariadbd.sock"), "--pid-file=" + dataDir.resolve("mariadbd.pid"),
                "--user=" + System.getProperty("user.name"), "--skip-name-resolve",
                "--innodb-buffer-pool-size=32M", "--innodb-log-file-size=16M", "--skip-log-bin",
                "--log-error=" + dataDir.resolve("error.log")));
        command.addAll(extraOptions);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("mariadbd.out").toFile())).start();
        Poll.until("mariadbd on port " + port + " accepting connections (log: " + dataDir.resolve("error.log") + ")",
                START_TIMEOUT, () -> !process.isAlive() || answers());
        if (!process.isAlive()) {
            throw new IOException("mariadbd on port " + port + " exited with " + process.exitValue() + "; see "
                    + dataDir.resolve("error.log"));
        }
    }

    /** Kills the server at once, as a crash or a lost network would take it away; {@link #start()} brings it back. */
    public synchronized void stop() {
        kill();
    }

    /** Runs statements as root on the server (for example {@code CREATE DATABASE}). */
    public void execute(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(""), "root", "");
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs anyway
        }
    }

    private void kill() {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroyForcibly();
            try {
                running.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean answers() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("") + "?connectTimeout=1000", "root", "")) {
            return connection.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process install = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!install.waitFor(120, TimeUnit.SECONDS)) {
                install.destroyForcibly();
                throw new IOException(command.getFirst() + " did not finish in 120 s; see " + log);
            }
        } catch (InterruptedException e) {
            install.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (install.exitValue() != 0) {
            throw new IOException(command.getFirst() + " failed with " + install.exitValue() + ": "
                    + Files.readString(log));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
