package io.codexpool.proxy.alerts;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import io.codexpool.persistence.events.Event;
import io.codexpool.persistence.events.EventRepository;
import io.codexpool.persistence.webhooks.AlertOutbox;
import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Raises and clears alerts: the database decides whether a raise is new (see {@link AlertOutbox}); a new one queues a
 * delivery for each subscribed webhook and goes into the events log, as does its clearing.
 */
@ApplicationScoped
public class Alerting {
    private final AlertOutbox outbox;
    private final EventRepository events;

    @Inject
    public Alerting(AlertOutbox outbox, EventRepository events) {
        this.outbox = outbox;
        this.events = events;
    }

    /** True when the alert was not active and now is (its deliveries queued). */
    public boolean raise(Alert alert, Instant now) {
        if (!outbox.raise(alert.key(), alert.event().wireName(), payload(alert.event().wireName(), alert.subject(),
                alert.text(), now), now)) {
            return false;
        }
        events.append(Event.of(now, Event.ALERT, alert.event().wireName(), null, null, subject(alert.subject()),
                alert.text()));
        return true;
    }

    /** Clears the alert with this key, so it fires again when it next holds. */
    public void clear(String key, Instant now) {
        if (outbox.clear(key, now)) {
            String event = key.contains(":") ? key.substring(0, key.indexOf(':')) : key;
            events.append(Event.of(now, Event.ALERT, event + ".cleared", null, null, key, "No longer holds."));
        }
    }

    /** Queues a test post for one webhook, under an event key of its own. */
    public void test(String webhookId, String eventKey, Instant now) {
        outbox.queue(webhookId, eventKey, AlertEvent.TEST, payload(AlertEvent.TEST, Map.of("type", "webhook", "id",
                webhookId), "Codex Pool: a test message from the admin site. This webhook works.", now), now);
    }

    /** A delivery's JSON: {@code event}, {@code occurredAt}, {@code subject} and a {@code text} line. */
    static String payload(String event, Map<String, Object> subject, String text, Instant occurredAt) {
        ObjectNode json = Json.object().put("event", event).put("occurredAt", occurredAt.toString());
        json.set("subject", Json.MAPPER.valueToTree(subject));
        json.put("text", text);
        return Json.write(json);
    }

    /** The subject as the events page shows it: its values, e.g. {@code account, id, a@example.com}. */
    static String subject(Map<String, Object> subject) {
        return subject.values().stream().map(String::valueOf).collect(Collectors.joining(" "));
    }
}
