package io.codexpool.persistence.requestlogs;

import java.time.Instant;

/** Requests and errors in the hour that starts at {@code hour} (UTC). */
public record RequestBucket(Instant hour, long requests, long errors) {
}
