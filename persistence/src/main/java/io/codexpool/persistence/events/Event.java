package io.codexpool.persistence.events;

import java.time.Instant;

/**
 * One line of the events and audit log.
 *
 * @param category      {@code admin} (an admin's action), {@code alert} (a condition that webhooks are told about)
 *                      or {@code delivery} (a webhook post and its outcome)
 * @param action        what happened, e.g. {@code settings.changed}, {@code sign_in.failed}, {@code pool.exhausted}
 * @param actor         who did it ({@code session}, {@code api-token}, {@code anonymous}); null for the service itself
 * @param clientAddress the client's address for admin actions; null otherwise
 * @param subject       what it concerns (an account's email, a webhook's masked URL, ...)
 * @param detail        one readable line, never a secret
 */
public record Event(long id, Instant occurredAt, String category, String action, String actor, String clientAddress,
                    String subject, String detail) {
    public static final String ADMIN = "admin";
    public static final String ALERT = "alert";
    public static final String DELIVERY = "delivery";

    /** A new event, not yet stored (its id is 0). */
    public static Event of(Instant occurredAt, String category, String action, String actor, String clientAddress,
                           String subject, String detail) {
        return new Event(0, occurredAt, category, action, actor, clientAddress, subject, detail);
    }
}
