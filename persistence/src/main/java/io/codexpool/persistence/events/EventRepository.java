package io.codexpool.persistence.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.codexpool.persistence.database.JdbcBatch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The {@code events} table: appended to by admin actions, alerts and deliveries; read newest first. */
@ApplicationScoped
public class EventRepository {
    private static final int MAX_TEXT = 2000;

    private final DataSource dataSource;

    @Inject
    public EventRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void append(Event event) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO events (occurred_at, category, action, actor, client_address, subject, detail)
                     VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, JdbcBatch.utc(event.occurredAt()));
            insert.setString(2, event.category());
            insert.setString(3, cut(event.action(), 64));
            insert.setString(4, cut(event.actor(), 64));
            insert.setString(5, cut(event.clientAddress(), 64));
            insert.setString(6, cut(event.subject(), 320));
            insert.setString(7, cut(event.detail(), MAX_TEXT));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("event not stored: " + e.getMessage(), e);
        }
    }

    /** Matching events, newest first. */
    public List<Event> find(EventFilter filter, int limit, int offset) {
        Query query = where(filter);
        String sql = "SELECT id, occurred_at, category, action, actor, client_address, subject, detail FROM events"
                + query.sql + " ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?";
        query.parameters.add(limit);
        query.parameters.add(offset);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = query.prepare(connection, sql);
             ResultSet rows = select.executeQuery()) {
            List<Event> events = new ArrayList<>();
            while (rows.next()) {
                events.add(new Event(rows.getLong(1), instant(rows.getObject(2, LocalDateTime.class)),
                        rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6),
                        rows.getString(7), rows.getString(8)));
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException("events not read: " + e.getMessage(), e);
        }
    }

    public long count(EventFilter filter) {
        Query query = where(filter);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = query.prepare(connection, "SELECT COUNT(*) FROM events" + query.sql);
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("events not counted: " + e.getMessage(), e);
        }
    }

    /** Deletes up to {@code limit} events older than {@code before}; returns how many. */
    public int deleteBefore(Instant before, int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM events WHERE occurred_at < ? ORDER BY occurred_at LIMIT ?")) {
            delete.setObject(1, JdbcBatch.utc(before));
            delete.setInt(2, limit);
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("old events not deleted: " + e.getMessage(), e);
        }
    }

    private static Query where(EventFilter filter) {
        Query query = new Query();
        query.and("category = ?", filter.category());
        query.and("action = ?", filter.action());
        query.and("occurred_at >= ?", JdbcBatch.utc(filter.from()));
        query.and("occurred_at < ?", JdbcBatch.utc(filter.to()));
        if (filter.text() != null && !filter.text().isBlank()) {
            String like = "%" + filter.text().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                    + "%";
            query.sql.append(query.sql.isEmpty() ? " WHERE " : " AND ")
                    .append("(subject LIKE ? OR detail LIKE ? OR action LIKE ? OR client_address LIKE ?)");
            for (int i = 0; i < 4; i++) {
                query.parameters.add(like);
            }
        }
        return query;
    }

    private static final class Query {
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> parameters = new ArrayList<>();

        void and(String condition, Object value) {
            if (value == null || value instanceof String text && text.isBlank()) {
                return;
            }
            sql.append(sql.isEmpty() ? " WHERE " : " AND ").append(condition);
            parameters.add(value);
        }

        PreparedStatement prepare(Connection connection, String statement) throws SQLException {
            PreparedStatement prepared = connection.prepareStatement(statement);
            for (int i = 0; i < parameters.size(); i++) {
                prepared.setObject(i + 1, parameters.get(i));
            }
            return prepared;
        }
    }

    private static Instant instant(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
