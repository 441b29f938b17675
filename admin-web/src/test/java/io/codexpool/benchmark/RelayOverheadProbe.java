package io.codexpool.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxy's cost per relayed event: streams of many small events sent without delay, one at a time, direct and
 * proxied alternately; the difference of the median stream times divided by the events.
 */
final class RelayOverheadProbe {
    private static final int WARM_UP = 5;
    private static final int MEASURED = 20;

    record Result(int events, double directMillis, double proxiedMillis, int errors, int proxiedSent) {
        double microsPerEvent() {
            return (proxiedMillis - directMillis) * 1000.0 / events;
        }
    }

    static Result run(StreamClient direct, StreamClient proxied, int events) {
        String shape = "burst-" + events;
        int bytes = StreamShape.totalBytes(StreamShape.burst(events));
        Duration timeout = Duration.ofSeconds(60);
        List<StreamClient.StreamTiming> directTimes = new ArrayList<>();
        List<StreamClient.StreamTiming> proxiedTimes = new ArrayList<>();
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            StreamClient.StreamTiming d = direct.stream(shape, bytes, timeout);
            StreamClient.StreamTiming p = proxied.stream(shape, bytes, timeout);
            if (i >= WARM_UP) {
                directTimes.add(d);
                proxiedTimes.add(p);
            }
        }
        RoundResult d = RoundResult.of(directTimes, 1);
        RoundResult p = RoundResult.of(proxiedTimes, 1);
        return new Result(events, d.totalMillis(50), p.totalMillis(50), d.errors() + p.errors(),
                WARM_UP + MEASURED);
    }
}
