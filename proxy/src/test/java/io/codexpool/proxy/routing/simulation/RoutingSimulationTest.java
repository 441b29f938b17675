package io.codexpool.proxy.routing.simulation;

import java.time.Duration;
import java.time.Instant;

import io.codexpool.persistence.settings.RoutingStrategy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What docs/routing.md claims from the simulation, checked on every build (about ten seconds). */
class RoutingSimulationTest {
    private static final double POOL_FIVE_HOURS = 2208.75;
    private static final double POOL_WEEK = 74_214;

    @Test
    void everyShapeStaysBelowThePoolsCapacityInEveryWindow() {
        for (TrafficShape shape : TrafficShape.values()) {
            assertTrue(maxDemand(shape, UpstreamAccount.FIVE_HOURS) < POOL_FIVE_HOURS, shape.label());
            assertTrue(maxDemand(shape, UpstreamAccount.WEEK) < POOL_WEEK, shape.label());
        }
    }

    /**
     * Every credit spent counts against some window whichever account serves it, so with the same demand all served,
     * unused credit can only shift between windows; depletion_aware leaves less of it than capacity_weighted in every
     * shape (counting the credit of the windows still open at the end that can no longer be spent), while never
     * meeting a limit.
     */
    @Test
    void depletionAwareNeverHitsALimitAndLeavesLessCreditUnusedThanCapacityWeighted() {
        for (TrafficShape shape : TrafficShape.values()) {
            SimulationStats aware = new Simulation(shape, RoutingStrategy.DEPLETION_AWARE).run();
            SimulationStats weighted = new Simulation(shape, RoutingStrategy.CAPACITY_WEIGHTED).run();
            assertEquals(0, aware.limitHits, shape.label() + ": 429s");
            assertEquals(0, aware.failedOverTurns, shape.label() + ": failed-over turns");
            assertEquals(0, aware.unserved, shape.label() + ": unserved");
            assertTrue(weighted.limitHits > 0, shape.label() + ": capacity_weighted meets limits in this shape");
            assertTrue(aware.hoursAtFull() < weighted.hoursAtFull(), shape.label() + ": hours at 100 %");
            assertTrue(aware.unusedTotal() < weighted.unusedTotal(),
                    shape.label() + ": unused " + aware.unusedTotal() + " vs " + weighted.unusedTotal());
        }
    }

    @Test
    void theSameShapeAndStrategyGiveTheSameNumbers() {
        SimulationStats first = new Simulation(TrafficShape.BURSTS, RoutingStrategy.CAPACITY_WEIGHTED).run();
        SimulationStats second = new Simulation(TrafficShape.BURSTS, RoutingStrategy.CAPACITY_WEIGHTED).run();
        assertEquals(first.limitHits, second.limitHits);
        assertEquals(first.stickyMoves, second.stickyMoves);
        assertEquals(first.unusedTotal(), second.unusedTotal());
    }

    /** The most credits the shape asks for in any {@code window} of the run, minute by minute. */
    private static double maxDemand(TrafficShape shape, Duration window) {
        int minutes = (int) Simulation.LENGTH.toMinutes();
        double[] perMinute = new double[minutes];
        for (int i = 0; i < minutes; i++) {
            Instant at = Simulation.START.plus(Duration.ofMinutes(i));
            perMinute[i] = (shape.backgroundPerHour(at) + shape.heavyPerHour(at)) / 60.0;
        }
        int width = (int) window.toMinutes();
        double sum = 0;
        double max = 0;
        for (int i = 0; i < minutes; i++) {
            sum += perMinute[i] - (i >= width ? perMinute[i - width] : 0);
            max = Math.max(max, sum);
        }
        return max;
    }
}
