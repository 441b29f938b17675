package io.codexpool.persistence.requestlogs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import io.codexpool.persistence.database.Jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
public class RequestLogRepository {
    private static final String INSERT = """
            INSERT INTO request_logs (request_id, requested_at, account_id, account_email, route, model, transport,
                reasoning_effort, service_tier, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens,
                latency_ms, first_token_ms, status_code, status, error_code, error_message, cost_usd)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final DataSource dataSource;
    private final Jpa jpa;

    @Inject
    public RequestLogRepository(DataSource dataSource, Jpa jpa) {
        this.dataSource = dataSource;
        this.jpa = jpa;
    }

    /**
     * Inserts many rows in one JDBC batch and one transaction; the asynchronous log writer's only database call.
     */
    public void insertAll(List<RequestLog> logs) throws SQLException {
        if (logs.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (RequestLog log : logs) {
                    bind(insert, log);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    public long count() {
        return jpa.read(em -> em.createQuery("select count(r) from RequestLog r", Long.class).getSingleResult());
    }

    public List<RequestLog> findNewest(int limit) {
        return jpa.read(em -> em.createQuery("select r from RequestLog r order by r.requestedAt desc, r.id desc",
                        RequestLog.class)
                .setMaxResults(limit)
                .getResultList());
    }

    private static void bind(PreparedStatement insert, RequestLog log) throws SQLException {
        int i = 1;
        insert.setString(i++, log.getRequestId());
        insert.setObject(i++, LocalDateTime.ofInstant(log.getRequestedAt(), ZoneOffset.UTC));
        insert.setString(i++, log.getAccountId());
        insert.setString(i++, log.getAccountEmail());
        insert.setString(i++, log.getRoute());
        insert.setString(i++, log.getModel());
        insert.setString(i++, log.getTransport());
        insert.setString(i++, log.getReasoningEffort());
        insert.setString(i++, log.getServiceTier());
        setLong(insert, i++, log.getInputTokens());
        setLong(insert, i++, log.getCachedInputTokens());
        setLong(insert, i++, log.getOutputTokens());
        setLong(insert, i++, log.getReasoningTokens());
        insert.setLong(i++, log.getLatencyMs());
        setLong(insert, i++, log.getFirstTokenMs());
        insert.setInt(i++, log.getStatusCode());
        insert.setString(i++, log.getStatus());
        insert.setString(i++, log.getErrorCode());
        insert.setString(i++, truncate(log.getErrorMessage(), 2000));
        insert.setBigDecimal(i, log.getCostUsd());
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
