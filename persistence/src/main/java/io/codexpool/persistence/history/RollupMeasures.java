package io.codexpool.persistence.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import io.codexpool.persistence.requestlogs.LatencyHistogram;

/**
 * The columns of {@code request_log_rollups} and how each is computed from a raw {@code request_logs} row, in one
 * place: the rollup job sums raw rows into them, and readers add the rows not rolled up yet with the same
 * expressions, so both sides always count the same way.
 */
final class RollupMeasures {

    /** How a column combines over several rows. */
    enum Merge { SUM, MAX }

    /** A rollup column and the raw-row expression it is built from. */
    record Measure(String column, String fromRaw, Merge merge) {
        String aggregate(String expression) {
            return merge + "(" + expression + ")";
        }
    }

    /** The grouping columns: hour, account, key, model, status class, as raw-row expressions. */
    static final List<String> DIMENSIONS = List.of("hour", "account_id", "api_key_id", "model", "status_class");
    static final List<String> DIMENSIONS_FROM_RAW = List.of(
            "CAST(DATE_FORMAT(requested_at, '%Y-%m-%d %H:00:00') AS DATETIME)",
            "COALESCE(account_id, '')",
            "COALESCE(api_key_id, '')",
            "COALESCE(model, '')",
            "status_code DIV 100");

    static final List<Measure> MEASURES;

    static {
        List<Measure> measures = new ArrayList<>(List.of(
                new Measure("requests", "1", Merge.SUM),
                new Measure("errors", "status_code >= 400", Merge.SUM),
                new Measure("input_tokens", "COALESCE(input_tokens, 0)", Merge.SUM),
                new Measure("cached_input_tokens", "COALESCE(cached_input_tokens, 0)", Merge.SUM),
                new Measure("output_tokens", "COALESCE(output_tokens, 0)", Merge.SUM),
                new Measure("reasoning_tokens", "COALESCE(reasoning_tokens, 0)", Merge.SUM),
                new Measure("cost_usd", "COALESCE(cost_usd, 0)", Merge.SUM),
                new Measure("latency_ms_sum", "latency_ms", Merge.SUM),
                new Measure("latency_ms_max", "latency_ms", Merge.MAX),
                new Measure("first_tokens", "first_token_ms IS NOT NULL", Merge.SUM),
                new Measure("first_token_ms_sum", "COALESCE(first_token_ms, 0)", Merge.SUM),
                new Measure("first_token_ms_max", "COALESCE(first_token_ms, 0)", Merge.MAX)));
        String bounds = LongStream.of(LatencyHistogram.BOUNDS).mapToObj(Long::toString)
                .collect(Collectors.joining(", "));
        for (int i = 0; i < LatencyHistogram.BUCKETS; i++) {
            // INTERVAL(n, b0, b1, ...) is the number of bounds <= n: the bucket's index
            measures.add(new Measure(bucket("lat", i), "INTERVAL(latency_ms, " + bounds + ") = " + i, Merge.SUM));
        }
        for (int i = 0; i < LatencyHistogram.BUCKETS; i++) {
            measures.add(new Measure(bucket("ttfb", i), "first_token_ms IS NOT NULL AND INTERVAL(first_token_ms, "
                    + bounds + ") = " + i, Merge.SUM));
        }
        MEASURES = Collections.unmodifiableList(measures);
    }

    private RollupMeasures() {
    }

    /** The 1-based position of a measure in {@link #MEASURES}, as in a result of {@link #mergedColumns()}. */
    static int position(String column) {
        for (int i = 0; i < MEASURES.size(); i++) {
            if (MEASURES.get(i).column().equals(column)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no measure " + column);
    }

    static String bucket(String prefix, int index) {
        return String.format("%s_%02d", prefix, index);
    }

    /** {@code expression AS column, ...} for every measure, as a raw-row select list (one row each, no grouping). */
    static String rawColumns() {
        return MEASURES.stream().map(m -> m.fromRaw() + " AS " + m.column()).collect(Collectors.joining(", "));
    }

    /** {@code SUM(column) ...} over rows that already have the rollup columns. */
    static String mergedColumns() {
        return MEASURES.stream().map(m -> m.aggregate(m.column())).collect(Collectors.joining(", "));
    }

    /** {@code SUM(expression) ...} over raw rows, grouped. */
    static String aggregatedRawColumns() {
        return MEASURES.stream().map(m -> m.aggregate(m.fromRaw())).collect(Collectors.joining(", "));
    }

    static String columnNames() {
        return MEASURES.stream().map(Measure::column).collect(Collectors.joining(", "));
    }

    /** The upsert's {@code ON DUPLICATE KEY UPDATE} list: sums add, maxima keep the larger. */
    static String mergeOnDuplicate() {
        return MEASURES.stream().map(m -> m.column() + " = " + (m.merge() == Merge.SUM
                        ? m.column() + " + VALUES(" + m.column() + ")"
                        : "GREATEST(" + m.column() + ", VALUES(" + m.column() + "))"))
                .collect(Collectors.joining(", "));
    }
}
