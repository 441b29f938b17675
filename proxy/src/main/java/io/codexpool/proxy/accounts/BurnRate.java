package io.codexpool.proxy.accounts;

import java.time.Duration;
import java.time.Instant;

/**
 * How fast one usage window is being spent: an exponentially weighted average of used-percent per hour over the
 * readings seen so far (poll samples, reply headers, rate-limit events alike). Immutable; each reading gives a new
 * value.
 *
 * <p>The weight of a reading grows with the time it covers ({@code 1 - e^(-elapsed/tau)}), so a reading after a long
 * gap counts as the average over that gap instead of as one sample among many, and a burst of readings seconds apart
 * moves the rate no more than one reading would. A fall in used percent is a reset, never negative burn: the rate
 * then learns only from what was used since the reset, when the reset time is known.
 *
 * @param last           the newest reading
 * @param percentPerHour the rate, or null while no interval between two readings has been seen (a new account)
 */
public record BurnRate(WindowUsage last, Double percentPerHour) {
    /**
     * How far back the average looks: a fifth of the window, from 30 minutes (unknown length: an hour) to two hours.
     * Routing steers by this rate, so it must see within hours that an account it stopped using is no longer burning;
     * a longer memory would keep the account "at risk" while its credit expires unused.
     */
    private static final Duration MIN_TAU = Duration.ofMinutes(30);
    private static final Duration MAX_TAU = Duration.ofHours(2);
    private static final Duration UNKNOWN_WINDOW_TAU = Duration.ofHours(1);
    /** A reset time that moves by more than this share of the window means a new window began. */
    private static final double NEW_WINDOW_SHIFT = 0.5;

    public static BurnRate first(WindowUsage reading) {
        return new BurnRate(reading, null);
    }

    /** The rate after {@code reading}; a reading not newer than the last one changes nothing. */
    public BurnRate next(WindowUsage reading) {
        if (!reading.recordedAt().isAfter(last.recordedAt())) {
            return this;
        }
        double elapsedHours = hours(last.recordedAt(), reading.recordedAt());
        double sampledHours = elapsedHours;
        double used = reading.usedPercent() - last.usedPercent();
        if (resetBetween(reading)) {
            Instant reset = last.resetAt();
            boolean resetTimeKnown = reset != null && reset.isAfter(last.recordedAt())
                    && !reset.isAfter(reading.recordedAt());
            if (!resetTimeKnown) {
                return new BurnRate(reading, percentPerHour); // what was used around the reset is unknowable
            }
            sampledHours = hours(reset, reading.recordedAt());
            used = reading.usedPercent();
        }
        if (sampledHours <= 0) {
            return new BurnRate(reading, percentPerHour);
        }
        double sample = Math.max(0.0, used) / sampledHours;
        double weight = 1.0 - Math.exp(-elapsedHours / tauHours(reading));
        double before = percentPerHour == null ? 0.0 : percentPerHour;
        return new BurnRate(reading, before + weight * (sample - before));
    }

    private boolean resetBetween(WindowUsage reading) {
        if (last.resetAt() != null && !last.resetAt().isAfter(reading.recordedAt())) {
            return true;
        }
        if (reading.usedPercent() < last.usedPercent()) {
            return true;
        }
        Integer minutes = reading.windowMinutes();
        if (minutes != null && last.resetAt() != null && reading.resetAt() != null) {
            long shift = Duration.between(last.resetAt(), reading.resetAt()).toMinutes();
            return shift > minutes * NEW_WINDOW_SHIFT;
        }
        return false;
    }

    private static double tauHours(WindowUsage reading) {
        Integer minutes = reading.windowMinutes();
        Duration tau = minutes == null ? UNKNOWN_WINDOW_TAU : Duration.ofMinutes(minutes / 5);
        tau = tau.compareTo(MIN_TAU) < 0 ? MIN_TAU : tau.compareTo(MAX_TAU) > 0 ? MAX_TAU : tau;
        return tau.toMillis() / 3_600_000.0;
    }

    private static double hours(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 3_600_000.0;
    }
}
