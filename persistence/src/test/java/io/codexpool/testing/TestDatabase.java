package io.codexpool.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a database of its own and points {@code codexpool.db.*} at it through system properties.
 * Register it before {@code @HelidonTest} so the container starts against it.
 */
public class TestDatabase implements BeforeAllCallback, AfterAllCallback {
    private static TestMariaDb.TestDatabaseUrl current;

    @Override
    public void beforeAll(ExtensionContext context) {
        current = TestMariaDb.get().createDatabase();
        System.setProperty("codexpool.db.url", current.url());
        System.setProperty("codexpool.db.user", current.user());
        System.setProperty("codexpool.db.password", current.password());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.clearProperty("codexpool.db.url");
        System.clearProperty("codexpool.db.user");
        System.clearProperty("codexpool.db.password");
    }

    /** The database of the running test class. */
    public static TestMariaDb.TestDatabaseUrl current() {
        return current;
    }

    /** Runs a query on the test class's database and returns the first column of every row. */
    public static List<Object> column(String sql, Object... parameters) {
        try (Connection connection = current.connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Object> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getObject(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    public static void update(String sql, Object... parameters) {
        try (Connection connection = current.connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("update failed: " + sql, e);
        }
    }
}
