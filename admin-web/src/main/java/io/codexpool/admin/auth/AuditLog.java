package io.codexpool.admin.auth;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.codexpool.admin.web.AdminRequest;
import io.codexpool.persistence.events.Event;
import io.codexpool.persistence.events.EventRepository;
import io.helidon.webserver.http.ServerRequest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;

/** Writes admin actions into the events log: who, from where, what, on what. Callers never pass a secret. */
@ApplicationScoped
public class AuditLog {
    private final EventRepository events;
    private final AdminConfig config;
    private final Clock clock;

    @Inject
    public AuditLog(EventRepository events, AdminConfig config, Clock clock) {
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /** The actor of this request: its session or API token, and its client address. */
    public Actor actor(ContainerRequestContext request, ServerRequest server) {
        String who = AdminRequest.session(request) != null ? "admin"
                : request.getHeaderString("Authorization") != null ? "api-token" : "anonymous";
        return new Actor(who, ClientAddress.of(server).limiterKey(request.getHeaderString("X-Forwarded-For"),
                !config.loopbackSetup()));
    }

    public void record(Actor actor, String action, String subject, String detail) {
        events.append(Event.of(clock.instant(), Event.ADMIN, action, actor.who(), actor.address(), subject, detail));
    }

    /**
     * Records a settings change as {@code name: old → new} for each field that changed, whichever fields the settings
     * have: it compares the settings as the API shows them ({@code updatedAt} aside). Nothing when nothing changed.
     */
    public void settingsChanged(Actor actor, Map<String, Object> before, Map<String, Object> after) {
        changed(actor, "settings.changed", "settings", before, after);
    }

    /** Records a change of {@code subject} as {@code name: old → new} for each field that changed; nothing if none. */
    public void changed(Actor actor, String action, String subject, Map<String, Object> before,
                        Map<String, Object> after) {
        List<String> changes = new ArrayList<>();
        for (Map.Entry<String, Object> field : after.entrySet()) {
            Object old = before.get(field.getKey());
            if (!"updatedAt".equals(field.getKey()) && !same(old, field.getValue())) {
                changes.add(field.getKey() + ": " + shown(old) + " → " + shown(field.getValue()));
            }
        }
        if (!changes.isEmpty()) {
            record(actor, action, subject, String.join("; ", changes));
        }
    }

    private static String shown(Object value) {
        return value instanceof BigDecimal number ? number.stripTrailingZeros().toPlainString() : String.valueOf(value);
    }

    /** Numbers compare by value, so {@code 95.00} and {@code 95} are no change. */
    private static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }
}
