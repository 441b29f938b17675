package io.codexpool.persistence.leases;

import java.time.Duration;

/**
 * A lease row held by one holder: {@code fence} grows by one every time the lease changes hands, so work done under an
 * old holding (a paused process, a lost renewal) is recognised and refused.
 *
 * @param sinceLastRun how long ago any holder last noted a run of the leased job; null when never
 */
public record Lease(String name, String holder, long fence, Duration sinceLastRun) {
}
