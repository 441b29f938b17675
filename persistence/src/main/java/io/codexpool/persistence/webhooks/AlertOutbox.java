package io.codexpool.persistence.webhooks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import io.codexpool.persistence.database.JdbcBatch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Alert states and the webhook outbox ({@code alert_states}, {@code webhook_deliveries}). Raising an alert and queueing
 * its deliveries happen in one transaction, and only for the caller that turned the state from clear to active, so
 * a condition seen by several replicas (or seen again and again) is delivered once per webhook until it clears.
 */
@ApplicationScoped
public class AlertOutbox {
    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    private final DataSource dataSource;

    @Inject
    public AlertOutbox(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The keys of every alert that is active now. */
    public Set<String> activeAlerts() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT alert_key FROM alert_states WHERE active = TRUE");
             ResultSet rows = select.executeQuery()) {
            Set<String> keys = new HashSet<>();
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
            return keys;
        } catch (SQLException e) {
            throw new IllegalStateException("alert states not read: " + e.getMessage(), e);
        }
    }

    /**
     * Marks the alert active and queues {@code payload} for every webhook subscribed to {@code event}, unless the
     * alert is active already.
     *
     * @return true when this call raised it (and queued its deliveries)
     */
    public boolean raise(String alertKey, String event, String payload, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            // The row is created on its own first: an INSERT IGNORE under FOR UPDATE on a missing row takes gap
            // locks that two raisers could deadlock on.
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT IGNORE INTO alert_states (alert_key, active, changed_at) VALUES (?, FALSE, ?)")) {
                insert.setString(1, alertKey);
                insert.setObject(2, JdbcBatch.utc(now));
                insert.executeUpdate();
            }
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT active FROM alert_states WHERE alert_key = ? FOR UPDATE")) {
                    select.setString(1, alertKey);
                    try (ResultSet rows = select.executeQuery()) {
                        if (rows.next() && rows.getBoolean(1)) {
                            connection.rollback();
                            return false;
                        }
                    }
                }
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE alert_states SET active = TRUE, changed_at = ? WHERE alert_key = ?")) {
                    update.setObject(1, JdbcBatch.utc(now));
                    update.setString(2, alertKey);
                    update.executeUpdate();
                }
                queue(connection, null, alertKey + "@" + now.truncatedTo(ChronoUnit.MICROS), event, payload, now);
                connection.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("alert not raised: " + e.getMessage(), e);
        }
    }

    /** Marks the alert clear, so it fires again the next time it holds. True when it was active. */
    public boolean clear(String alertKey, Instant now) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE alert_states SET active = FALSE, changed_at = ? WHERE alert_key = ? AND active = TRUE")) {
            update.setObject(1, JdbcBatch.utc(now));
            update.setString(2, alertKey);
            return update.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("alert not cleared: " + e.getMessage(), e);
        }
    }

    /** Queues one event for one webhook (a test post); the event key keeps a repeated call from posting twice. */
    public boolean queue(String webhookId, String eventKey, String event, String payload, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            return queue(connection, webhookId, eventKey, event, payload, now) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("delivery not queued: " + e.getMessage(), e);
        }
    }

    /** One row per subscribed webhook (or just {@code webhookId}); an event key queued before is skipped. */
    private static int queue(Connection connection, String webhookId, String eventKey, String event, String payload,
                             Instant now) throws SQLException {
        String which = webhookId == null ? "FIND_IN_SET(?, events) > 0" : "id = ?";
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT IGNORE INTO webhook_deliveries (webhook_id, event_key, event, payload, status, attempts,
                                                       created_at, next_attempt_at)
                SELECT id, ?, ?, ?, 'pending', 0, ?, ? FROM webhooks WHERE\s""" + which)) {
            insert.setString(1, eventKey);
            insert.setString(2, event);
            insert.setString(3, payload);
            insert.setObject(4, JdbcBatch.utc(now));
            insert.setObject(5, JdbcBatch.utc(now));
            insert.setString(6, webhookId == null ? event : webhookId);
            return insert.executeUpdate();
        }
    }

    /**
     * Claims up to {@code limit} deliveries that are due and not claimed by another replica (or whose claim ran out:
     * that replica died mid-post), for {@code claim}. Only the claimer posts a delivery.
     */
    public List<Delivery> claimDue(Instant now, Duration claim, int limit) {
        try (Connection connection = dataSource.getConnection()) {
            List<Delivery> due = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT id, webhook_id, event, payload, attempts, created_at FROM webhook_deliveries
                    WHERE status = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
                    ORDER BY next_attempt_at LIMIT ?""")) {
                select.setObject(1, JdbcBatch.utc(now));
                select.setObject(2, JdbcBatch.utc(now));
                select.setInt(3, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        due.add(new Delivery(rows.getLong(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getInt(5),
                                rows.getObject(6, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
                    }
                }
            }
            List<Delivery> claimed = new ArrayList<>();
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE webhook_deliveries SET claimed_until = ?
                    WHERE id = ? AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < ?)""")) {
                for (Delivery delivery : due) {
                    update.setObject(1, JdbcBatch.utc(now.plus(claim)));
                    update.setLong(2, delivery.id());
                    update.setObject(3, JdbcBatch.utc(now));
                    if (update.executeUpdate() > 0) {
                        claimed.add(delivery);
                    }
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new IllegalStateException("deliveries not claimed: " + e.getMessage(), e);
        }
    }

    public void delivered(long id, int attempts) {
        finish(id, DELIVERED, attempts, null, null);
    }

    /** The post failed; it is tried again at {@code nextAttempt}. */
    public void retry(long id, int attempts, String error, Instant nextAttempt) {
        finish(id, PENDING, attempts, error, nextAttempt);
    }

    /** The post failed for the last time. */
    public void gaveUp(long id, int attempts, String error) {
        finish(id, FAILED, attempts, error, null);
    }

    private void finish(long id, String status, int attempts, String error, Instant nextAttempt) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     UPDATE webhook_deliveries SET status = ?, attempts = ?, last_error = ?, claimed_until = NULL,
                         next_attempt_at = COALESCE(?, next_attempt_at)
                     WHERE id = ?""")) {
            update.setString(1, status);
            update.setInt(2, attempts);
            update.setString(3, error == null || error.length() <= 500 ? error : error.substring(0, 500));
            update.setObject(4, JdbcBatch.utc(nextAttempt));
            update.setLong(5, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("delivery not updated: " + e.getMessage(), e);
        }
    }
}
