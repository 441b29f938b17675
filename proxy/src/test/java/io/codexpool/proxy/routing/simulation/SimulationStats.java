package io.codexpool.proxy.routing.simulation;

/** What one simulated run counted. Unused credit is in percent-hours of a Plus plan's window (see docs/routing.md). */
final class SimulationStats {
    long requests;
    long limitHits;
    long failedOverTurns;
    long unserved;
    long stickyMoves;
    double unusedFiveHour;
    double unusedWeekly;
    /** Weekly credit in the windows still open at the end that can no longer be spent before their reset. */
    double lostAtEnd;
    long accountMinutesAtFull;

    void unusedFiveHour(double percentHours) {
        unusedFiveHour += percentHours;
    }

    void unusedWeekly(double percentHours) {
        unusedWeekly += percentHours;
    }

    void lostAtEnd(double percentHours) {
        lostAtEnd += percentHours;
    }

    /**
     * Everything spent counts against some window, so what differs between strategies is whether credit was spent
     * before its window closed; counting only the resets inside the run would favour leaving credit in the windows
     * still open at the end, so the part of those that is already lost counts too.
     */
    double unusedTotal() {
        return unusedFiveHour + unusedWeekly + lostAtEnd;
    }

    double hoursAtFull() {
        return accountMinutesAtFull / 60.0;
    }
}
