package io.codexpool.proxy.routing.simulation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.codexpool.persistence.settings.RoutingStrategy;

import org.junit.jupiter.api.Test;

/**
 * Runs every traffic shape under every strategy and prints the table that docs/routing.md shows, also writing it to
 * {@code proxy/target/routing-simulation.md}. Not part of {@code mvn verify} (its name is not a test name); run it with
 * {@code mvn -B -pl proxy -am verify -DskipITs -Dtest=RoutingSimulationReport -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class RoutingSimulationReport {
    @Test
    void printsTheTable() throws IOException {
        String table = table();
        System.out.println(table);
        Path out = Path.of("target", "routing-simulation.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    static String table() {
        StringBuilder table = new StringBuilder("""
                | traffic | strategy | requests | 429 limit hits | failed-over turns | unserved | sticky moves \
                | unused 5-h credit | unused weekly credit | lost in open windows at end | unused total \
                | account-hours at 100 % |
                |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                """);
        for (TrafficShape shape : TrafficShape.values()) {
            for (RoutingStrategy strategy : RoutingStrategy.values()) {
                SimulationStats stats = new Simulation(shape, strategy).run();
                table.append(String.format(Locale.ROOT,
                        "| %s | %s | %d | %d | %d | %d | %d | %.0f | %.0f | %.0f | %.0f | %.1f |%n",
                        shape.label(), strategy.wireName(), stats.requests, stats.limitHits, stats.failedOverTurns,
                        stats.unserved, stats.stickyMoves, stats.unusedFiveHour, stats.unusedWeekly,
                        stats.lostAtEnd, stats.unusedTotal(), stats.hoursAtFull()));
            }
        }
        return table.toString();
    }
}
