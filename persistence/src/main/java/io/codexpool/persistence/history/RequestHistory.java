package io.codexpool.persistence.history;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import io.codexpool.persistence.database.JdbcBatch;
import io.codexpool.persistence.requestlogs.LatencyHistogram;
import io.codexpool.persistence.requestlogs.RequestBucket;
import io.codexpool.persistence.requestlogs.RequestTotals;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Request counts, tokens, cost and latency over hours, read from the hourly rollups plus the raw rows the rollup job
 * has not reached yet (ids above {@code rollup_progress.rolled_up_to}: the last seconds of traffic, served by the
 * primary key). Both parts are read in one statement, so one snapshot, and a row is never counted twice or missed
 * while the job moves on. Every {@code from} is the start of an hour: rollups know nothing finer.
 */
@ApplicationScoped
public class RequestHistory {
    private static final String NOT_ROLLED_UP = "id > (SELECT rolled_up_to FROM rollup_progress WHERE name = '"
            + RollupRepository.PROGRESS + "')";

    private final DataSource dataSource;

    @Inject
    public RequestHistory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Totals since the hour {@code from} (null: all kept history), for one account or (null) all. */
    public RequestTotals totals(String accountId, Instant from) {
        return totals("account_id", accountId, from);
    }

    /** Totals since the hour {@code from} (null: all kept history) of the requests of one API key. */
    public RequestTotals apiKeyTotals(String apiKeyId, Instant from) {
        return totals("api_key_id", apiKeyId, from);
    }

    /** Requests, tokens and cost of each API key with requests since the hour {@code from}, most tokens first. */
    public List<ApiKeyTotals> perApiKey(Instant from) {
        String sql = "SELECT api_key_id, SUM(requests), SUM(input_tokens) + SUM(output_tokens), SUM(cost_usd) FROM ("
                + "SELECT api_key_id, requests, input_tokens, output_tokens, cost_usd FROM request_log_rollups"
                + " WHERE hour >= ? AND api_key_id <> '' UNION ALL SELECT api_key_id, 1, COALESCE(input_tokens, 0),"
                + " COALESCE(output_tokens, 0), COALESCE(cost_usd, 0) FROM request_logs WHERE " + NOT_ROLLED_UP
                + " AND requested_at >= ? AND api_key_id IS NOT NULL) t GROUP BY api_key_id ORDER BY 3 DESC";
        LocalDateTime start = JdbcBatch.utc(hour(from));
        return query(sql, List.of(start, start), rows -> {
            List<ApiKeyTotals> totals = new ArrayList<>();
            while (rows.next()) {
                totals.add(new ApiKeyTotals(rows.getString(1), rows.getLong(2), rows.getLong(3),
                        rows.getBigDecimal(4)));
            }
            return totals;
        });
    }

    /** Totals where {@code column} (a dimension of the rollups) is {@code value}, or of all rows when it is null. */
    private RequestTotals totals(String column, String value, Instant from) {
        String rollupWhere = (from == null ? "1 = 1" : "hour >= ?") + (value == null ? "" : " AND " + column + " = ?");
        String rawWhere = NOT_ROLLED_UP + (from == null ? "" : " AND requested_at >= ?")
                + (value == null ? "" : " AND " + column + " = ?");
        String sql = "SELECT " + RollupMeasures.mergedColumns() + " FROM (SELECT " + RollupMeasures.columnNames()
                + " FROM request_log_rollups WHERE " + rollupWhere + " UNION ALL SELECT "
                + RollupMeasures.rawColumns() + " FROM request_logs WHERE " + rawWhere + ") t";
        List<Object> parameters = new ArrayList<>();
        for (int part = 0; part < 2; part++) {
            if (from != null) {
                parameters.add(JdbcBatch.utc(hour(from)));
            }
            if (value != null) {
                parameters.add(value);
            }
        }
        return query(sql, parameters, row -> {
            row.next();
            int buckets = LatencyHistogram.BUCKETS;
            int firstBucket = RollupMeasures.position("lat_00");
            long[] latency = new long[buckets];
            long[] firstToken = new long[buckets];
            for (int i = 0; i < buckets; i++) {
                latency[i] = row.getLong(firstBucket + i);
                firstToken[i] = row.getLong(firstBucket + buckets + i);
            }
            BigDecimal cost = row.getBigDecimal(RollupMeasures.position("cost_usd"));
            return new RequestTotals(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5),
                    row.getLong(6), cost == null ? BigDecimal.ZERO : cost,
                    new LatencyHistogram(latency, row.getLong(RollupMeasures.position("latency_ms_max"))),
                    new LatencyHistogram(firstToken, row.getLong(RollupMeasures.position("first_token_ms_max"))));
        });
    }

    /** Requests and errors per hour since the hour {@code from}, oldest first; hours without requests left out. */
    public List<RequestBucket> perHour(Instant from) {
        return perHour(from, null);
    }

    /** As {@link #perHour(Instant)}, for the requests of one API key (all requests when null). */
    public List<RequestBucket> perHour(Instant from, String apiKeyId) {
        String key = apiKeyId == null ? "" : " AND api_key_id = ?";
        String sql = "SELECT hour, SUM(requests), SUM(errors) FROM (SELECT hour, requests, errors"
                + " FROM request_log_rollups WHERE hour >= ?" + key + " UNION ALL SELECT "
                + RollupMeasures.DIMENSIONS_FROM_RAW.getFirst() + ", 1, status_code >= 400 FROM request_logs WHERE "
                + NOT_ROLLED_UP + " AND requested_at >= ?" + key + ") t GROUP BY hour ORDER BY hour";
        LocalDateTime start = JdbcBatch.utc(hour(from));
        List<Object> parameters = apiKeyId == null ? List.of(start, start)
                : List.of(start, apiKeyId, start, apiKeyId);
        return query(sql, parameters, rows -> {
            List<RequestBucket> buckets = new ArrayList<>();
            while (rows.next()) {
                buckets.add(new RequestBucket(rows.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                        rows.getLong(2), rows.getLong(3)));
            }
            return buckets;
        });
    }

    private static Instant hour(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS);
    }

    private interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> T query(String sql, List<Object> parameters, Rows<T> reader) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading request history failed", e);
        }
    }
}
