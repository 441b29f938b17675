package io.codexpool.persistence.settings;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.codexpool.persistence.database.SchemaMigrator;
import io.codexpool.testing.TestMariaDb;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * New installations route with depletion_aware; an installation that already has accounts when it is upgraded keeps
 * the strategy it runs with.
 */
class DefaultRoutingStrategyTest {
    private static final String STRATEGY = "SELECT routing_strategy FROM settings WHERE id = 1";

    @Test
    void aNewInstallationRoutesWithDepletionAware() throws SQLException {
        TestMariaDb.TestDatabaseUrl db = TestMariaDb.get().createDatabase();
        SchemaMigrator.migrate(dataSource(db), "test");
        assertEquals("depletion_aware", query(db, STRATEGY));
    }

    @Test
    void anInstallationThatAlreadyHasAccountsKeepsItsStrategyOnUpgrade() throws SQLException {
        TestMariaDb.TestDatabaseUrl db = TestMariaDb.get().createDatabase();
        SchemaMigrator.migrate(dataSource(db), "test");
        // The state of an installation from before the changeset: its old default, an account, the changeset unrun.
        execute(db, "UPDATE settings SET routing_strategy = 'capacity_weighted'");
        execute(db, "INSERT INTO accounts (id, email, chatgpt_account_id, plan_type, status, access_token_enc, "
                + "refresh_token_enc, last_refresh_at, created_at) VALUES ('a1', 'a@example.com', 'acc-a', 'plus', "
                + "'active', x'00', x'00', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");
        execute(db, "DELETE FROM DATABASECHANGELOG WHERE ID = '017-depletion-aware-default'");

        SchemaMigrator.migrate(dataSource(db), "test");

        assertEquals("capacity_weighted", query(db, STRATEGY));
        assertEquals("MARK_RAN", query(db,
                "SELECT EXECTYPE FROM DATABASECHANGELOG WHERE ID = '017-depletion-aware-default'"));
    }

    private static MariaDbDataSource dataSource(TestMariaDb.TestDatabaseUrl db) throws SQLException {
        MariaDbDataSource dataSource = new MariaDbDataSource(db.url());
        dataSource.setUser(db.user());
        dataSource.setPassword(db.password());
        return dataSource;
    }

    private static void execute(TestMariaDb.TestDatabaseUrl db, String sql) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(TestMariaDb.TestDatabaseUrl db, String sql) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        }
    }
}
