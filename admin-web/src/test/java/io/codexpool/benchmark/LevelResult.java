package io.codexpool.benchmark;

/** Direct and proxied streams at one concurrency, with the request-log rows the proxy stored for them. */
record LevelResult(int concurrency, RoundResult direct, RoundResult proxied, long logRowsExpected,
                   long logRowsStored, long failedLogRows) {

    double throughputRatio() {
        return proxied.streamsPerSecond() / direct.streamsPerSecond();
    }

    double addedTtfbMillis(double percentile) {
        return proxied.ttfbMillis(percentile) - direct.ttfbMillis(percentile);
    }

    int errors() {
        return direct.errors() + proxied.errors();
    }

    long lostLogRows() {
        return logRowsExpected - logRowsStored;
    }
}
