package io.codexpool.admin.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.codexpool.admin.auth.Actor;
import io.codexpool.admin.auth.AuditLog;
import io.codexpool.persistence.webhooks.Webhook;
import io.codexpool.persistence.webhooks.WebhookRepository;
import io.codexpool.proxy.alerts.AlertEvent;
import io.codexpool.proxy.alerts.Alerting;
import io.codexpool.proxy.alerts.WebhookUrls;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Adding, deleting and testing webhooks, shared by the page and the API; every change goes into the audit log. */
@ApplicationScoped
public class Webhooks {
    private final WebhookRepository repository;
    private final Alerting alerting;
    private final AuditLog audit;
    private final Clock clock;

    /** The outcome of an add: the webhook, or a message per invalid field ({@code url}, {@code events}). */
    public record Added(Webhook webhook, Map<String, String> errors) {
    }

    @Inject
    public Webhooks(WebhookRepository repository, Alerting alerting, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.alerting = alerting;
        this.audit = audit;
        this.clock = clock;
    }

    public List<Webhook> list() {
        return repository.findAll();
    }

    public Added add(String url, List<String> events, Actor actor) {
        Map<String, String> errors = new LinkedHashMap<>();
        String problem = WebhookUrls.problem(url);
        if (problem != null) {
            errors.put("url", problem);
        }
        List<String> known = AlertEvent.wireNames();
        LinkedHashSet<String> chosen = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String event : events) {
            (known.contains(event) ? chosen : unknown).add(event);
        }
        if (!unknown.isEmpty()) {
            errors.put("events", "Unknown event " + unknown.getFirst() + "; the events are "
                    + String.join(", ", known) + ".");
        } else if (chosen.isEmpty()) {
            errors.put("events", "Choose at least one event.");
        }
        if (!errors.isEmpty()) {
            return new Added(null, errors);
        }
        Webhook webhook = repository.create(url.strip(), WebhookUrls.mask(url), List.copyOf(chosen), clock.instant());
        audit.record(actor, "webhook.added", webhook.maskedUrl(), "events: " + String.join(", ", webhook.events()));
        return new Added(webhook, Map.of());
    }

    /** False when there was no such webhook. */
    public boolean delete(String id, Actor actor) {
        Optional<Webhook> webhook = repository.find(id);
        if (webhook.isEmpty() || !repository.delete(id)) {
            return false;
        }
        audit.record(actor, "webhook.deleted", webhook.get().maskedUrl(), null);
        return true;
    }

    /** Queues a test post to the webhook; false when there is no such webhook. */
    public boolean test(String id, Actor actor) {
        Optional<Webhook> webhook = repository.find(id);
        if (webhook.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        alerting.test(id, AlertEvent.TEST + "@" + UUID.randomUUID(), now);
        audit.record(actor, "webhook.tested", webhook.get().maskedUrl(), null);
        return true;
    }

    static Map<String, Object> json(Webhook webhook) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", webhook.id());
        json.put("url", webhook.maskedUrl());
        json.put("events", webhook.events());
        json.put("createdAt", webhook.createdAt().toString());
        return json;
    }
}
