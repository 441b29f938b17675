package io.codexpool.persistence.requestlogs;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import io.codexpool.persistence.database.JdbcBatch;
import io.codexpool.persistence.database.Jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;

@ApplicationScoped
public class RequestLogRepository {
    private static final String INSERT = """
            INSERT INTO request_logs (request_id, requested_at, account_id, account_email, route, model, transport,
                reasoning_effort, service_tier, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens,
                latency_ms, first_token_ms, status_code, status, error_code, error_message, cost_usd, api_key_id)
            VALUES (?, ?, (SELECT a.id FROM accounts a WHERE a.id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                (SELECT k.id FROM api_keys k WHERE k.id = ?))
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
     * A row whose account was deleted meanwhile keeps the email and loses the reference; one whose API key was deleted
     * loses the key.
     */
    public void insertAll(List<RequestLog> logs) throws SQLException {
        JdbcBatch.execute(dataSource, INSERT, logs, RequestLogRepository::bind);
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

    /** One page of rows matching the filter, newest first. */
    public List<RequestLog> find(RequestLogFilter filter, int offset, int limit) {
        return jpa.read(em -> {
            Where where = Where.of(filter);
            TypedQuery<RequestLog> query = em.createQuery("select r from RequestLog r" + where.clause()
                    + " order by r.requestedAt desc, r.id desc", RequestLog.class);
            where.bind(query);
            return query.setFirstResult(Math.max(0, offset)).setMaxResults(limit).getResultList();
        });
    }

    public long count(RequestLogFilter filter) {
        return totals(filter).requests();
    }

    /** Counts and sums over the rows matching the filter. */
    public RequestTotals totals(RequestLogFilter filter) {
        return jpa.read(em -> {
            Where where = Where.of(filter);
            TypedQuery<Object[]> query = em.createQuery("""
                    select count(r), sum(case when r.statusCode >= 400 then 1 else 0 end), sum(r.inputTokens),
                        sum(r.cachedInputTokens), sum(r.outputTokens), sum(r.costUsd)
                    from RequestLog r""" + where.clause(), Object[].class);
            where.bind(query);
            Object[] row = query.getSingleResult();
            return new RequestTotals(number(row[0]), number(row[1]), number(row[2]), number(row[3]),
                    number(row[4]), row[5] == null ? BigDecimal.ZERO : new BigDecimal(row[5].toString()));
        });
    }

    /** Requests and errors per hour since {@code from}, oldest first; hours without requests are left out. */
    public List<RequestBucket> countPerHourSince(Instant from) {
        return countPerHourSince(from, null);
    }

    /** As {@link #countPerHourSince(Instant)}, for the requests of one API key (all requests when null). */
    public List<RequestBucket> countPerHourSince(Instant from, String apiKeyId) {
        return jpa.read(em -> {
            Query query = em.createNativeQuery("""
                    SELECT DATE_FORMAT(requested_at, '%Y-%m-%d %H:00:00'), COUNT(*),
                        SUM(CASE WHEN status_code >= 400 THEN 1 ELSE 0 END)
                    FROM request_logs WHERE requested_at >= ?"""
                    + (apiKeyId == null ? "" : " AND api_key_id = ?") + " GROUP BY 1 ORDER BY 1")
                    .setParameter(1, LocalDateTime.ofInstant(from, ZoneOffset.UTC));
            if (apiKeyId != null) {
                query.setParameter(2, apiKeyId);
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = query.getResultList();
            return rows.stream().map(row -> new RequestBucket(
                    LocalDateTime.parse(row[0].toString().replace(' ', 'T')).toInstant(ZoneOffset.UTC),
                    number(row[1]), number(row[2]))).toList();
        });
    }

    /** Requests, tokens and cost of every API key with requests since {@code from}, most tokens first. */
    public List<ApiKeyTotals> totalsPerApiKeySince(Instant from) {
        return jpa.read(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    SELECT api_key_id, COUNT(*), COALESCE(SUM(input_tokens), 0) + COALESCE(SUM(output_tokens), 0),
                        COALESCE(SUM(cost_usd), 0)
                    FROM request_logs WHERE requested_at >= ? AND api_key_id IS NOT NULL
                    GROUP BY api_key_id ORDER BY 3 DESC""")
                    .setParameter(1, LocalDateTime.ofInstant(from, ZoneOffset.UTC))
                    .getResultList();
            return rows.stream().map(row -> new ApiKeyTotals(row[0].toString(), number(row[1]), number(row[2]),
                    new BigDecimal(row[3].toString()))).toList();
        });
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** The WHERE clause of a filter, with its parameters. */
    private record Where(String clause, Map<String, Object> parameters) {
        static Where of(RequestLogFilter filter) {
            List<String> conditions = new ArrayList<>();
            Map<String, Object> parameters = new HashMap<>();
            if (present(filter.accountId())) {
                conditions.add("r.accountId = :account");
                parameters.put("account", filter.accountId());
            }
            if (present(filter.apiKeyId())) {
                conditions.add("r.apiKeyId = :apiKey");
                parameters.put("apiKey", filter.apiKeyId());
            }
            if (present(filter.model())) {
                conditions.add("r.model = :model");
                parameters.put("model", filter.model().strip());
            }
            if (present(filter.status())) {
                String status = filter.status().strip();
                if (status.equalsIgnoreCase("error")) {
                    conditions.add("r.statusCode >= 400");
                } else if (status.equalsIgnoreCase("success")) {
                    conditions.add("r.statusCode < 400");
                } else if (status.matches("\\d{3}")) {
                    conditions.add("r.statusCode = :code");
                    parameters.put("code", Integer.parseInt(status));
                } else {
                    conditions.add("r.status = :status");
                    parameters.put("status", status);
                }
            }
            if (filter.from() != null) {
                conditions.add("r.requestedAt >= :from");
                parameters.put("from", filter.from());
            }
            if (filter.to() != null) {
                conditions.add("r.requestedAt < :to");
                parameters.put("to", filter.to());
            }
            if (present(filter.text())) {
                conditions.add("(lower(r.requestId) like :text escape '!' or lower(r.model) like :text escape '!'"
                        + " or lower(r.accountEmail) like :text escape '!' or lower(r.errorCode) like :text escape '!'"
                        + " or lower(r.errorMessage) like :text escape '!')");
                parameters.put("text", "%" + filter.text().strip().toLowerCase(Locale.ROOT)
                        .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            }
            return new Where(conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions), parameters);
        }

        void bind(Query query) {
            parameters.forEach(query::setParameter);
        }

        private static boolean present(String value) {
            return value != null && !value.isBlank();
        }
    }

    private static void bind(PreparedStatement insert, RequestLog log) throws SQLException {
        int i = 1;
        insert.setString(i++, log.getRequestId());
        insert.setObject(i++, JdbcBatch.utc(log.getRequestedAt()));
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
        insert.setBigDecimal(i++, log.getCostUsd());
        insert.setString(i, log.getApiKeyId());
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
