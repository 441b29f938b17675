package io.codexpool.persistence.requestlogs;

/**
 * Requests counted per latency bucket (bounds in {@link #BOUNDS}), as the rollups keep them: mergeable by adding, and
 * enough to estimate percentiles to within a bucket.
 *
 * @param counts requests per bucket, {@link #BUCKETS} of them
 * @param max    the largest value seen, which closes the open last bucket
 */
public record LatencyHistogram(long[] counts, long max) {
    /** Upper bounds (exclusive, in ms) of the buckets; the last bucket is open. */
    public static final long[] BOUNDS = {25, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000, 20000,
            60000};
    public static final int BUCKETS = BOUNDS.length + 1;

    public long total() {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }

    /**
     * The value below which {@code fraction} of the requests fall, interpolated linearly within its bucket; null when
     * nothing was counted.
     */
    public Long percentile(double fraction) {
        long total = total();
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long before = 0;
        for (int i = 0; i < counts.length; i++) {
            if (before + counts[i] >= rank) {
                long low = i == 0 ? 0 : BOUNDS[i - 1];
                long high = i < BOUNDS.length ? Math.min(BOUNDS[i], Math.max(max, low)) : Math.max(max, low);
                return low + Math.round((double) (high - low) * (rank - before) / counts[i]);
            }
            before += counts[i];
        }
        return max;
    }
}
