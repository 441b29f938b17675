package io.codexpool.admin.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.UUID;

import io.codexpool.persistence.secrets.TokenCipher;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.testing.TestMariaDb;

/** Puts accounts of the fake backend, and their usage, straight into a service's database. */
public final class DatabaseSeed {
    private final TestMariaDb.TestDatabaseUrl db;
    private final TokenCipher cipher;
    private final FakeChatGptBackend backend;

    /** @param key the base64 encryption key the service runs with */
    public DatabaseSeed(TestMariaDb.TestDatabaseUrl db, String key, FakeChatGptBackend backend) {
        this.db = db;
        this.cipher = new TokenCipher(Base64.getDecoder().decode(key));
        this.backend = backend;
    }

    /** An active plus account with the fake's tokens and this weekly usage; returns its id. */
    public String account(String chatgptId, double weeklyUsedPercent) throws SQLException {
        String id = accountRefreshedDaysAgo(chatgptId, 0);
        usage(id, chatgptId, weeklyUsedPercent);
        return id;
    }

    /** An active plus account with the fake's tokens, last refreshed that many days ago; returns its id. */
    public String accountRefreshedDaysAgo(String chatgptId, int days) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection connection = db.connect();
             PreparedStatement insert = connection.prepareStatement("insert into accounts (id, email, "
                     + "chatgpt_account_id, plan_type, status, access_token_enc, refresh_token_enc, "
                     + "last_refresh_at, created_at) values (?, ?, ?, 'plus', 'active', ?, ?, "
                     + "utc_timestamp(6) - interval ? day, utc_timestamp(6))")) {
            insert.setString(1, id);
            insert.setString(2, chatgptId + "@example.com");
            insert.setString(3, chatgptId);
            insert.setBytes(4, cipher.encrypt(backend.account(chatgptId).accessToken()));
            insert.setBytes(5, cipher.encrypt("refresh-" + chatgptId));
            insert.setInt(6, days);
            insert.executeUpdate();
        }
        return id;
    }

    /** Sets the routing strategy in the settings row. */
    public void routingStrategy(String strategy) throws SQLException {
        try (Connection connection = db.connect();
             PreparedStatement update = connection.prepareStatement(
                     "update settings set routing_strategy = ?, updated_at = utc_timestamp(6)")) {
            update.setString(1, strategy);
            update.executeUpdate();
        }
    }

    /** A newer weekly usage sample for the account, and the same usage in the fake's reply headers. */
    public void usage(String accountId, String chatgptId, double weeklyUsedPercent) throws SQLException {
        backend.account(chatgptId).usage(0, weeklyUsedPercent);
        try (Connection connection = db.connect();
             PreparedStatement insert = connection.prepareStatement("insert into usage_samples (account_id, "
                     + "usage_window, used_percent, window_minutes, reset_at, recorded_at, source) values "
                     + "(?, 'secondary', ?, 10080, date_add(utc_timestamp(6), interval 5 day), utc_timestamp(6), "
                     + "'poll')")) {
            insert.setString(1, accountId);
            insert.setDouble(2, weeklyUsedPercent);
            insert.executeUpdate();
        }
    }
}
