package io.codexpool.admin.signin;

import java.time.Duration;
import java.time.Instant;

/**
 * One device-code sign-in as the admin sees it.
 *
 * @param message what happened once it is done or failed (never a token)
 */
public record DeviceLogin(String id, String userCode, String verificationUrl, Duration interval, Instant expiresAt,
                          State state, String message, Instant updatedAt) {
    public enum State {
        PENDING, DONE, FAILED
    }

    DeviceLogin finished(State state, String message, Instant at) {
        return new DeviceLogin(id, userCode, verificationUrl, interval, expiresAt, state, message, at);
    }
}
