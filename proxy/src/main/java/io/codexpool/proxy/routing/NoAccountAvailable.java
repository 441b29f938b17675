package io.codexpool.proxy.routing;

import java.time.Instant;

/**
 * No account can take the request. {@code resetsAt} is set when every usable account is limited, so clients can show
 * their usual limit message.
 */
public final class NoAccountAvailable extends RuntimeException {
    private final Instant resetsAt;

    public NoAccountAvailable(String message, Instant resetsAt) {
        super(message, null, false, false);
        this.resetsAt = resetsAt;
    }

    public Instant resetsAt() {
        return resetsAt;
    }

    public boolean allLimited() {
        return resetsAt != null;
    }
}
