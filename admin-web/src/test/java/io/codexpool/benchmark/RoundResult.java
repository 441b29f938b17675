package io.codexpool.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The streams of one or more rounds against one target at one concurrency. */
record RoundResult(long[] ttfbNanos, long[] totalNanos, int errors, List<String> errorSamples, long elapsedNanos) {

    static RoundResult of(List<StreamClient.StreamTiming> timings, long elapsedNanos) {
        List<StreamClient.StreamTiming> good = timings.stream().filter(StreamClient.StreamTiming::ok).toList();
        List<String> errors = timings.stream().filter(t -> !t.ok()).map(StreamClient.StreamTiming::error).toList();
        return new RoundResult(good.stream().mapToLong(StreamClient.StreamTiming::ttfbNanos).toArray(),
                good.stream().mapToLong(StreamClient.StreamTiming::totalNanos).toArray(), errors.size(),
                errors.stream().distinct().limit(3).toList(), elapsedNanos);
    }

    /** Several rounds taken as one: streams pooled, time added. */
    static RoundResult merge(List<RoundResult> rounds) {
        List<String> samples = new ArrayList<>();
        rounds.forEach(r -> samples.addAll(r.errorSamples()));
        return new RoundResult(
                rounds.stream().flatMapToLong(r -> Arrays.stream(r.ttfbNanos())).toArray(),
                rounds.stream().flatMapToLong(r -> Arrays.stream(r.totalNanos())).toArray(),
                rounds.stream().mapToInt(RoundResult::errors).sum(), samples.stream().distinct().limit(3).toList(),
                rounds.stream().mapToLong(RoundResult::elapsedNanos).sum());
    }

    int completed() {
        return totalNanos.length;
    }

    int sent() {
        return completed() + errors;
    }

    double streamsPerSecond() {
        return completed() / (elapsedNanos / 1e9);
    }

    double ttfbMillis(double percentile) {
        return percentileMillis(ttfbNanos, percentile);
    }

    double totalMillis(double percentile) {
        return percentileMillis(totalNanos, percentile);
    }

    /** Nearest-rank percentile in milliseconds; NaN without samples. */
    static double percentileMillis(long[] nanos, double percentile) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
