package io.codexpool.admin.auth;

/**
 * Who did an admin action, as the audit log records it.
 *
 * @param who     {@code admin} (a signed-in session), {@code api-token} (a script) or {@code anonymous} (sign-in)
 * @param address the client's address (behind a reverse proxy on this machine, the one it forwarded)
 */
public record Actor(String who, String address) {
}
