package io.codexpool.admin.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Fills {@code request_logs} with {@code rows} plausible rows spread evenly over the last {@code days} days (oldest
 * first, so ids grow with time as the proxy writes them), in chunks of 100,000 rows, each one
 * {@code INSERT ... SELECT} from MariaDB's sequence engine ({@code seq_1_to_N}): no rows travel over the wire.
 * Rows cycle through the given accounts (none: no account), four models, and 2 % 429s, 0.5 % 502s with error text;
 * every other row carries one of the given API keys, in turn (none: no row has a key).
 *
 * <p>As a command, against a database the service has migrated:
 * {@code java -cp <admin-web test class path> io.codexpool.admin.testing.RequestLogSeeder <jdbc-url> <user>
 * <password> <rows> <days> [account-id ...] [key:<api-key-id> ...]}
 */
public final class RequestLogSeeder {
    private static final int CHUNK = 100_000;
    private static final String KEY = "key:";

    private RequestLogSeeder() {
    }

    public static void main(String[] args) throws SQLException {
        if (args.length < 5) {
            System.err.println("usage: RequestLogSeeder <jdbc-url> <user> <password> <rows> <days> [account-id ...]"
                    + " [key:<api-key-id> ...]");
            System.exit(2);
        }
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
            long started = System.nanoTime();
            List<String> ids = List.of(args).subList(5, args.length);
            seed(connection, Long.parseLong(args[3]), Integer.parseInt(args[4]),
                    ids.stream().filter(id -> !id.startsWith(KEY)).toList(),
                    ids.stream().filter(id -> id.startsWith(KEY)).map(id -> id.substring(KEY.length())).toList());
            System.out.printf("seeded %s rows in %.1f s%n", args[3], (System.nanoTime() - started) / 1e9);
        }
    }

    public static void seed(Connection connection, long rows, int days, List<String> accountIds,
                            List<String> apiKeyIds) throws SQLException {
        String account = accountIds.isEmpty() ? "NULL" : "ELT(1 + seq % " + accountIds.size() + ", "
                + quoted(accountIds) + ")";
        String key = apiKeyIds.isEmpty() ? "NULL"
                : "IF(seq % 2 = 0, NULL, ELT(1 + (seq DIV 2) % " + apiKeyIds.size() + ", " + quoted(apiKeyIds) + "))";
        String sql = """
                INSERT INTO request_logs (request_id, requested_at, account_id, account_email, route, model, transport,
                    reasoning_effort, service_tier, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens,
                    latency_ms, first_token_ms, status_code, status, error_code, error_message, cost_usd, api_key_id)
                SELECT CONCAT('seed-', ?, '-', seq), start + INTERVAL FLOOR(seq * (span / ?)) MICROSECOND, acc,
                    (SELECT email FROM accounts WHERE id = acc), '/backend-api/codex/responses',
                    ELT(1 + seq % 4, 'gpt-5.4', 'gpt-5.4-mini', 'gpt-5.3-codex', 'gpt-5.2'), 'http', 'medium', NULL,
                    1000 + seq % 40000, (seq % 5) * 800, 100 + seq % 2500, seq % 400,
                    300 + (seq * 7919) % 15000, IF(code = 200, 150 + (seq * 104729) % 2500, NULL), code,
                    IF(code = 200, 'success', 'error'), ELT(1 + (code DIV 100) - 2, NULL, NULL,
                        IF(code = 429, 'usage_limit_reached', NULL), 'upstream_error'),
                    IF(code = 200, NULL, CONCAT('seeded failure ', seq)), (1000 + seq % 40000) * 0.00000125, KEY
                FROM (SELECT seq, ACCOUNT AS acc, CASE WHEN seq % 50 = 0 THEN 429 WHEN seq % 200 = 7 THEN 502
                            ELSE 200 END AS code,
                        UTC_TIMESTAMP(6) - INTERVAL ? DAY AS start, ? * 86400000000 AS span
                      FROM seq_1_to_ROWS WHERE seq BETWEEN ? AND ?) s""".replace("ACCOUNT", account).replace("KEY", key)
                .replace("ROWS", Long.toString(rows));
        String batch = Long.toString(System.currentTimeMillis(), 36);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (long first = 1; first <= rows; first += CHUNK) {
                insert.setString(1, batch);
                insert.setLong(2, rows);
                insert.setInt(3, days);
                insert.setInt(4, days);
                insert.setLong(5, first);
                insert.setLong(6, Math.min(rows, first + CHUNK - 1));
                insert.executeUpdate();
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static String quoted(List<String> ids) {
        return ids.stream().map(id -> "'" + id.replace("'", "''") + "'").collect(Collectors.joining(", "));
    }
}
