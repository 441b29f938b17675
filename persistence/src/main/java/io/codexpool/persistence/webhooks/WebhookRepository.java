package io.codexpool.persistence.webhooks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import io.codexpool.persistence.database.JdbcBatch;
import io.codexpool.persistence.secrets.TokenCipher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The {@code webhooks} table. URLs are stored encrypted; only {@link #url} hands one out, to the delivery worker. */
@ApplicationScoped
public class WebhookRepository {
    private final DataSource dataSource;
    private final TokenCipher cipher;

    @Inject
    public WebhookRepository(DataSource dataSource, TokenCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    public Webhook create(String url, String maskedUrl, List<String> events, Instant now) {
        Webhook webhook = new Webhook(UUID.randomUUID().toString(), maskedUrl, List.copyOf(events), now);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO webhooks (id, url_enc, url_masked, events, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, webhook.id());
            insert.setBytes(2, cipher.encrypt(url));
            insert.setString(3, maskedUrl);
            insert.setString(4, String.join(",", events));
            insert.setObject(5, JdbcBatch.utc(now));
            insert.executeUpdate();
            return webhook;
        } catch (SQLException e) {
            throw new IllegalStateException("webhook not stored: " + e.getMessage(), e);
        }
    }

    /** Every webhook, oldest first. */
    public List<Webhook> findAll() {
        return select("SELECT id, url_masked, events, created_at FROM webhooks ORDER BY created_at, id", null);
    }

    public Optional<Webhook> find(String id) {
        return select("SELECT id, url_masked, events, created_at FROM webhooks WHERE id = ?", id).stream()
                .findFirst();
    }

    /** The URL in clear, for posting to it; empty when the webhook is gone. */
    public Optional<String> url(String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT url_enc FROM webhooks WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(cipher.decrypt(rows.getBytes(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("webhook not read: " + e.getMessage(), e);
        }
    }

    /** Deletes the webhook and (by foreign key) its pending deliveries. False when there was none. */
    public boolean delete(String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM webhooks WHERE id = ?")) {
            delete.setString(1, id);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("webhook not deleted: " + e.getMessage(), e);
        }
    }

    private List<Webhook> select(String sql, String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            if (id != null) {
                select.setString(1, id);
            }
            try (ResultSet rows = select.executeQuery()) {
                List<Webhook> webhooks = new ArrayList<>();
                while (rows.next()) {
                    webhooks.add(new Webhook(rows.getString(1), rows.getString(2),
                            Arrays.stream(rows.getString(3).split(",")).filter(e -> !e.isBlank()).toList(),
                            rows.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
                }
                return webhooks;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("webhooks not read: " + e.getMessage(), e);
        }
    }
}
