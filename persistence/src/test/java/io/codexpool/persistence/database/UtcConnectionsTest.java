package io.codexpool.persistence.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.codexpool.persistence.leases.Lease;
import io.codexpool.persistence.leases.LeaseRepository;
import io.codexpool.testing.MariaDbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A database server whose own zone is not UTC (as the embedded one is whenever the machine's is not): every pooled
 * connection still works in UTC, so times written by SQL ({@code NOW()}, lease expiries) and by the service (UTC
 * DATETIMEs) agree, and a daylight-saving change cannot move leases by an hour.
 */
class UtcConnectionsTest {
    @TempDir
    Path dataDir;

    @Test
    void everyPooledConnectionRunsInUtcOnAServerInAnotherZone() throws Exception {
        assumeTrue(MariaDbServer.available(), "no /usr/sbin/mariadbd on this machine");
        try (MariaDbServer server = MariaDbServer.create(Path.of("target", "mariadb"),
                "utc-" + UUID.randomUUID().toString().substring(0, 8), Map.of("default_time_zone", "'+05:00'"),
                true).start().awaitReady()) {
            try (Connection admin = server.connect("");
                 Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE codexpool");
            }
            DatabaseSettings settings = new DatabaseSettings(Optional.of(server.url("codexpool")), "root", "",
                    dataDir, 0, 4, Duration.ofSeconds(10));
            try (Database database = Database.open(settings)) {
                for (int i = 0; i < 4; i++) { // more than one connection of the pool
                    try (Connection connection = database.dataSource().getConnection();
                         Statement statement = connection.createStatement();
                         ResultSet row = statement.executeQuery(
                                 "SELECT @@session.time_zone, TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW())")) {
                        row.next();
                        assertEquals("+00:00", row.getString(1));
                        assertEquals(0, row.getInt(2), "NOW() is UTC");
                    }
                }
                Instant before = Instant.now();
                Lease lease = new LeaseRepository(database.dataSource())
                        .acquire("usage-poll", "replica-a", Duration.ofMinutes(1)).orElseThrow();
                try (Connection connection = database.dataSource().getConnection();
                     Statement statement = connection.createStatement();
                     ResultSet row = statement.executeQuery(
                             "SELECT expires_at FROM leases WHERE name = '" + lease.name() + "'")) {
                    row.next();
                    Instant expires = new InstantConverter().convertToEntityAttribute(row.getObject(1, LocalDateTime.class));
                    assertTrue(expires.isAfter(before.plusSeconds(50)) && expires.isBefore(before.plusSeconds(70)),
                            "the lease expires a minute from now in UTC, as the service reads times: " + expires);
                }
            }
        }
    }
}
