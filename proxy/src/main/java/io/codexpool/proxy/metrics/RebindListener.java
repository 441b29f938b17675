package io.codexpool.proxy.metrics;

/** Hears each time a sticky mapping moves to another account (the metrics do). */
public interface RebindListener {
    void rebound(RebindReason reason);
}
