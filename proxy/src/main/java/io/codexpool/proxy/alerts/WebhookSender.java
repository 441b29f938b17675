package io.codexpool.proxy.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import io.codexpool.persistence.events.Event;
import io.codexpool.persistence.events.EventRepository;
import io.codexpool.persistence.webhooks.AlertOutbox;
import io.codexpool.persistence.webhooks.Delivery;
import io.codexpool.persistence.webhooks.Webhook;
import io.codexpool.persistence.webhooks.WebhookRepository;
import io.codexpool.proxy.support.EagerBackgroundWork;
import io.codexpool.proxy.support.Periodic;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Posts queued deliveries, on every replica: each claims due rows before posting, so a row is posted by one replica.
 * A failed post (not 2xx, or no answer) is retried with doubling waits from {@link #FIRST_RETRY} up to
 * {@link #LONGEST_WAIT}, until {@link #GIVE_UP_AFTER} after the event. Posts go only to the webhook's own URL, without
 * following redirects.
 */
@ApplicationScoped
public class WebhookSender extends EagerBackgroundWork {
    static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(2);
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);
    private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final Duration POST_TIMEOUT = Duration.ofSeconds(10);
    /** Longer than a post can take, so a claim only runs out when its replica died. */
    private static final Duration CLAIM = Duration.ofSeconds(60);
    private static final int BATCH = 20;

    private final AlertOutbox outbox;
    private final WebhookRepository webhooks;
    private final EventRepository events;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    public WebhookSender(AlertOutbox outbox, WebhookRepository webhooks, EventRepository events, Clock clock) {
        this.outbox = outbox;
        this.webhooks = webhooks;
        this.events = events;
        this.clock = clock;
    }

    @Override
    protected List<AutoCloseable> startWork() {
        // closed last first: the deliveries stop before the client they post with
        return List.of(http, new Periodic("webhook-deliveries", CHECK_EVERY, this::deliverDue));
    }

    void deliverDue() {
        for (Delivery delivery : outbox.claimDue(clock.instant(), CLAIM, BATCH)) {
            Optional<String> url = webhooks.url(delivery.webhookId());
            Optional<Webhook> webhook = webhooks.find(delivery.webhookId());
            if (url.isPresent() && webhook.isPresent()) {
                post(delivery, url.get(), webhook.get().maskedUrl());
            }
        }
    }

    private void post(Delivery delivery, String url, String masked) {
        int attempts = delivery.attempts() + 1;
        String failure;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url.strip()))
                    .timeout(POST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "codex-pool-webhooks")
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.payload()))
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                outbox.delivered(delivery.id(), attempts);
                record("webhook.delivered", masked, delivery.event() + " delivered (HTTP " + response.statusCode()
                        + ", attempt " + attempts + ")");
                return;
            }
            failure = "HTTP " + response.statusCode();
        } catch (IOException e) {
            // a message may name the URL, which is a secret
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : ": " + e.getMessage().replace(url.strip(), masked));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // shutting down: the claim runs out and a replica posts it again
        }
        Instant now = clock.instant();
        if (!now.isBefore(delivery.createdAt().plus(GIVE_UP_AFTER))) {
            outbox.gaveUp(delivery.id(), attempts, failure);
            record("webhook.failed", masked, delivery.event() + " not delivered after " + attempts
                    + " attempts, giving up (" + failure + ")");
            return;
        }
        Instant next = now.plus(wait(attempts));
        outbox.retry(delivery.id(), attempts, failure, next);
        String why = failure;
        LOG.info(() -> "webhook " + masked + ": " + delivery.event() + " not delivered (" + why + "), retry at "
                + next);
        record("webhook.retrying", masked, delivery.event() + " not delivered (" + failure + ", attempt " + attempts
                + "), next try at " + next);
    }

    /** The wait after the given number of failed attempts: doubling from the first retry, at most the longest. */
    static Duration wait(int attempts) {
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 16));
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    private void record(String action, String masked, String detail) {
        events.append(Event.of(clock.instant(), Event.DELIVERY, action, null, null, masked, detail));
    }
}
