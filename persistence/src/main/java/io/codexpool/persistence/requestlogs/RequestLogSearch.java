package io.codexpool.persistence.requestlogs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.codexpool.persistence.database.JdbcBatch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads request-log rows newest first, in (requested_at, id) order, by keyset: a page starts after a
 * {@link LogPosition} instead of skipping an offset, and each filter reads through an index in that same order, so a
 * page costs about as many index entries as it shows, however large the table.
 */
@ApplicationScoped
public class RequestLogSearch {
    /** Rows per query when walking every match (export). */
    static final int CHUNK = 1000;

    private final DataSource dataSource;

    @Inject
    public RequestLogSearch(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** How many rows match, counted only up to a limit. */
    public record Count(long count, boolean exact) {
    }

    /** Up to {@code limit} rows older than {@code before} (null: the newest), newest first. */
    public List<RequestLog> older(RequestLogFilter filter, LogPosition before, int limit) {
        Query query = Query.of(filter);
        if (before != null) {
            query.where("requested_at <= ? AND (requested_at < ? OR id < ?)", before.requestedAt(),
                    before.requestedAt(), before.id());
        }
        return rows(query.select("*") + " ORDER BY requested_at DESC, id DESC LIMIT " + limit, query.parameters);
    }

    /** Up to {@code limit} rows newer than {@code after}, the ones closest to it, newest first. */
    public List<RequestLog> newer(RequestLogFilter filter, LogPosition after, int limit) {
        Query query = Query.of(filter);
        query.where("requested_at >= ? AND (requested_at > ? OR id > ?)", after.requestedAt(), after.requestedAt(),
                after.id());
        List<RequestLog> rows = new ArrayList<>(rows(query.select("*")
                + " ORDER BY requested_at ASC, id ASC LIMIT " + limit, query.parameters));
        Collections.reverse(rows);
        return rows;
    }

    /**
     * Rows {@code offset} to {@code offset + limit} of the newest-first order: only for callers of the API's old
     * {@code offset} parameter, which the API bounds, since the database reads every skipped row.
     */
    public List<RequestLog> skipping(RequestLogFilter filter, int offset, int limit) {
        Query query = Query.of(filter);
        return rows(query.select("*") + " ORDER BY requested_at DESC, id DESC LIMIT " + limit + " OFFSET " + offset,
                query.parameters);
    }

    /** Counts matching rows up to {@code limit}: exact below it, "more than limit" above. */
    public Count count(RequestLogFilter filter, int limit) {
        Query query = Query.of(filter);
        String sql = "SELECT COUNT(*) FROM (" + query.select("1") + " LIMIT " + (limit + 1) + ") t";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = query.prepare(connection, sql);
             ResultSet row = statement.executeQuery()) {
            row.next();
            long count = row.getLong(1);
            return count > limit ? new Count(limit, false) : new Count(count, true);
        } catch (SQLException e) {
            throw new IllegalStateException("counting request logs failed", e);
        }
    }

    /**
     * Hands every matching row to {@code consumer}, newest first, a chunk at a time: memory stays constant and no
     * query stays open for long, so a slow reader of an export holds neither rows nor a database snapshot.
     */
    public void forEach(RequestLogFilter filter, Consumer<RequestLog> consumer) {
        LogPosition position = null;
        while (true) {
            List<RequestLog> chunk = older(filter, position, CHUNK);
            chunk.forEach(consumer);
            if (chunk.size() < CHUNK) {
                return;
            }
            position = LogPosition.of(chunk.getLast());
        }
    }

    private List<RequestLog> rows(String sql, List<Object> parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = Query.prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            List<RequestLog> logs = new ArrayList<>();
            while (rows.next()) {
                logs.add(row(rows));
            }
            return logs;
        } catch (SQLException e) {
            throw new IllegalStateException("reading request logs failed", e);
        }
    }

    private static RequestLog row(ResultSet rows) throws SQLException {
        return new RequestLog()
                .withId(rows.getLong("id"))
                .setRequestId(rows.getString("request_id"))
                .setRequestedAt(rows.getObject("requested_at", LocalDateTime.class).toInstant(ZoneOffset.UTC))
                .setAccountId(rows.getString("account_id"))
                .setAccountEmail(rows.getString("account_email"))
                .setApiKeyId(rows.getString("api_key_id"))
                .setRoute(rows.getString("route"))
                .setModel(rows.getString("model"))
                .setTransport(rows.getString("transport"))
                .setReasoningEffort(rows.getString("reasoning_effort"))
                .setServiceTier(rows.getString("service_tier"))
                .setInputTokens(rows.getObject("input_tokens", Long.class))
                .setCachedInputTokens(rows.getObject("cached_input_tokens", Long.class))
                .setOutputTokens(rows.getObject("output_tokens", Long.class))
                .setReasoningTokens(rows.getObject("reasoning_tokens", Long.class))
                .setLatencyMs(rows.getLong("latency_ms"))
                .setFirstTokenMs(rows.getObject("first_token_ms", Long.class))
                .setStatusCode(rows.getInt("status_code"))
                .setStatus(rows.getString("status"))
                .setErrorCode(rows.getString("error_code"))
                .setErrorMessage(rows.getString("error_message"))
                .setChainReplay(rows.getString("chain_replay"))
                .setCostUsd(rows.getBigDecimal("cost_usd"));
    }

    /**
     * A filter as SQL. The index is named rather than left to the optimiser: each equality filter has an index
     * ordered by (value, requested_at, id), which serves both the filter and the order, so a page stops after
     * {@code limit} entries; a guess of the optimiser's that picks another index can read the whole range instead.
     * Free text alone reads {@code ix_request_logs_search}, which holds every searched column but the error message,
     * so the database tests the text on index entries and reads only the rows that match or failed.
     */
    private static final class Query {
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> parameters = new ArrayList<>();
        private String index = "ix_request_logs_time";

        static Query of(RequestLogFilter filter) {
            Query query = new Query();
            if (RequestLogFilter.present(filter.text())) {
                String like = "%" + filter.text().strip().toLowerCase(Locale.ROOT)
                        .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
                // only failed rows carry a message; the status test lets the search index skip the others' rows
                query.where("(LOWER(request_id) LIKE ? ESCAPE '!' OR LOWER(model) LIKE ? ESCAPE '!'"
                        + " OR LOWER(account_email) LIKE ? ESCAPE '!' OR LOWER(error_code) LIKE ? ESCAPE '!'"
                        + " OR (status <> 'success' AND LOWER(error_message) LIKE ? ESCAPE '!'))",
                        like, like, like, like, like);
                query.index = "ix_request_logs_search";
            }
            if (filter.from() != null) {
                query.where("requested_at >= ?", filter.from());
            }
            if (filter.to() != null) {
                query.where("requested_at < ?", filter.to());
            }
            // the last equality filter names the index; the others are checked on the rows it reads
            if (RequestLogFilter.present(filter.status())) {
                String status = filter.status().strip();
                if (status.matches("\\d{3}")) {
                    query.where("status_code = ?", Integer.parseInt(status));
                    query.index = "ix_request_logs_status_time";
                } else {
                    query.where("is_error = ?", status.equalsIgnoreCase("error"));
                    query.index = "ix_request_logs_error_time";
                }
            }
            if (RequestLogFilter.present(filter.model())) {
                query.where("model = ?", filter.model().strip());
                query.index = "ix_request_logs_model_time";
            }
            if (RequestLogFilter.present(filter.accountId())) {
                query.where("account_id = ?", filter.accountId().strip());
                query.index = "ix_request_logs_account_time";
            }
            if (RequestLogFilter.present(filter.apiKeyId())) {
                query.where("api_key_id = ?", filter.apiKeyId().strip());
                query.index = "ix_request_logs_api_key_time";
            }
            return query;
        }

        void where(String condition, Object... values) {
            conditions.add(condition);
            for (Object value : values) {
                parameters.add(value instanceof java.time.Instant instant ? JdbcBatch.utc(instant) : value);
            }
        }

        String select(String columns) {
            return "SELECT " + columns + " FROM request_logs FORCE INDEX (" + index + ")"
                    + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions));
        }

        PreparedStatement prepare(Connection connection, String sql) throws SQLException {
            return prepare(connection, sql, parameters);
        }

        static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters)
                throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return statement;
        }
    }
}
