package io.codexpool.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A MariaDB Galera cluster on loopback, made of {@link MariaDbServer}s running the machine's {@code galera-4}: the
 * first node bootstraps the cluster, the others join it and receive their data by a {@code mariabackup} state
 * transfer (works as root and as any other user, unlike rsync's daemon, which drops to {@code nobody}). Every node has
 * its own ports (SQL, group communication, incremental and full state transfer) and data folder under
 * {@code target/galera/}. Stopped and deleted by {@link #close()}, and at JVM exit otherwise.
 */
public final class GaleraCluster implements AutoCloseable {
    private static final List<Path> PROVIDERS = List.of(Path.of("/usr/lib/galera/libgalera_smm.so"),
            Path.of("/usr/lib/libgalera_smm.so"));
    private static final Path MARIABACKUP = Path.of("/usr/bin/mariabackup");
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(180);

    private final Path home;
    private final List<MariaDbServer> nodes;

    private GaleraCluster(Path home, List<MariaDbServer> nodes) {
        this.home = home;
        this.nodes = nodes;
    }

    /** Empty when the cluster can run here, else what is missing (for a test's skip reason). */
    public static Optional<String> missing() {
        if (!MariaDbServer.available()) {
            return Optional.of("mariadbd (package mariadb-server) is not installed");
        }
        if (provider().isEmpty()) {
            return Optional.of("libgalera_smm.so (package galera-4) is not installed");
        }
        if (!Files.isExecutable(MARIABACKUP)) {
            return Optional.of("mariabackup (package mariadb-backup) is not installed");
        }
        return Optional.empty();
    }

    /** Starts {@code size} nodes and returns once every one is synced with the others. */
    public static GaleraCluster start(int size) {
        Path parent = Path.of("target", "galera", UUID.randomUUID().toString().substring(0, 8));
        int[] groupPorts = IntStream.range(0, size).map(i -> ServiceProcess.freePort()).toArray();
        String members = IntStream.of(groupPorts).mapToObj(p -> "127.0.0.1:" + p)
                .collect(Collectors.joining(","));
        List<MariaDbServer> nodes = new ArrayList<>();
        GaleraCluster cluster = new GaleraCluster(parent, nodes);
        try {
            for (int i = 0; i < size; i++) {
                Map<String, String> settings = new LinkedHashMap<>();
                settings.put("binlog_format", "ROW");
                settings.put("default_storage_engine", "InnoDB");
                settings.put("innodb_autoinc_lock_mode", "2");
                settings.put("wsrep_on", "ON");
                settings.put("wsrep_provider", provider().orElseThrow().toString());
                settings.put("wsrep_cluster_name", "codexpool-test");
                settings.put("wsrep_cluster_address", "gcomm://" + members);
                settings.put("wsrep_node_name", "node" + (i + 1));
                settings.put("wsrep_node_address", "127.0.0.1:" + groupPorts[i]);
                settings.put("wsrep_sst_method", "mariabackup");
                settings.put("wsrep_sst_auth", "root:");
                settings.put("wsrep_sst_receive_address", "127.0.0.1:" + ServiceProcess.freePort());
                settings.put("wsrep_provider_options", "\"gmcast.listen_addr=tcp://127.0.0.1:" + groupPorts[i]
                        + ";ist.recv_addr=127.0.0.1:" + ServiceProcess.freePort() + ";gcache.size=32M\"");
                nodes.add(MariaDbServer.create(parent, "node" + (i + 1), settings, i == 0));
            }
            nodes.getFirst().start("--wsrep-new-cluster").awaitReady();
            cluster.awaitSynced(nodes.getFirst());
            // One joiner at a time: both took their state transfer from node1 at once, and once node1's mariabackup
            // failed under the second ("xtrabackup_checkpoints missing ... on donor") and the joiner exited.
            for (MariaDbServer joiner : nodes.subList(1, size)) {
                joiner.start();
                cluster.awaitSynced(joiner);
            }
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    public MariaDbServer node(int index) {
        return nodes.get(index);
    }

    public int size() {
        return nodes.size();
    }

    /**
     * A Connector/J multi-host URL listing every node, starting at {@code firstNode}: {@code sequential} connects to
     * the first that answers and moves on when it goes away, so replicas given different first nodes spread over the
     * cluster.
     */
    public String url(String database, int firstNode) {
        String hosts = IntStream.range(0, nodes.size()).mapToObj(i -> nodes.get((firstNode + i) % nodes.size()))
                .map(node -> "127.0.0.1:" + node.port()).collect(Collectors.joining(","));
        return "jdbc:mariadb:sequential://" + hosts + "/" + database;
    }

    /** Creates a database (replicated to every node) and returns its name. */
    public String createDatabase() {
        String name = "cp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = firstRunning().connect("");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    /** Restarts a stopped or killed node, which rejoins and catches up; returns once it is synced. */
    public void restart(int index) {
        MariaDbServer node = nodes.get(index);
        node.start();
        awaitSynced(node);
    }

    /** Waits until the node is part of the primary component, synced, and sees {@code size()} members or fewer. */
    public void awaitSynced(MariaDbServer node) {
        Poll.until(node.name() + " synced", SYNC_TIMEOUT, () -> status(node, "wsrep_local_state_comment"),
                state -> {
                    if (!node.running()) {
                        throw new AssertionError(node.name() + " exited:\n" + node.errorLog());
                    }
                    return "Synced".equals(state);
                });
    }

    /** The node's value of a {@code SHOW STATUS} variable, or null when it does not answer. */
    public static String status(MariaDbServer node, String variable) {
        try (Connection connection = node.connect("");
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SHOW STATUS LIKE '" + variable + "'")) {
            return row.next() ? row.getString(2) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private MariaDbServer firstRunning() {
        return nodes.stream().filter(MariaDbServer::running).findFirst().orElseThrow();
    }

    private static Optional<Path> provider() {
        return PROVIDERS.stream().filter(Files::isReadable).findFirst();
    }

    @Override
    public void close() {
        for (MariaDbServer node : nodes.reversed()) {
            node.close();
        }
        home.toFile().delete(); // empty by now
    }
}
