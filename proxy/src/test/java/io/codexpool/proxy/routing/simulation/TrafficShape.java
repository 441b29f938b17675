package io.codexpool.proxy.routing.simulation;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Demand over time, in plan credits per hour: the background of many conversations, and one heavy conversation. The
 * simulated pool has 441.75 credits per hour in both windows (2,208.75 per 5 hours, 74,214 per week); every shape
 * stays below that in every 5-hour and weekly window.
 */
enum TrafficShape {
    /** 243 credits/h around the clock (55 % of the pool). */
    STEADY {
        @Override
        double backgroundPerHour(Instant at) {
            return 243;
        }
    },
    /** 300 credits/h on weekdays 08:00-18:00 UTC, 40 otherwise. */
    WORKING_DAY {
        @Override
        double backgroundPerHour(Instant at) {
            ZonedDateTime time = at.atZone(ZoneOffset.UTC);
            boolean weekday = time.getDayOfWeek() != DayOfWeek.SATURDAY && time.getDayOfWeek() != DayOfWeek.SUNDAY;
            return weekday && time.getHour() >= 8 && time.getHour() < 18 ? 300 : 40;
        }
    },
    /** 120 credits/h, with a 2-hour burst of 400/h every 8 hours. */
    BURSTS {
        @Override
        double backgroundPerHour(Instant at) {
            long hour = at.getEpochSecond() / 3600;
            return hour % 8 < 2 ? 400 : 120;
        }
    },
    /** 150 credits/h of background, and one conversation at 80/h: more than a Plus account's 5-hour window holds. */
    HEAVY_STICKY {
        @Override
        double backgroundPerHour(Instant at) {
            return 150;
        }

        @Override
        double heavyPerHour(Instant at) {
            return 80;
        }
    };

    abstract double backgroundPerHour(Instant at);

    double heavyPerHour(Instant at) {
        return 0;
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
