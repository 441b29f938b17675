package io.codexpool.proxy.apikeys;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

import io.codexpool.proxy.metrics.KeyMetrics;
import io.codexpool.proxy.settings.SettingsCache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The client-identity check of every proxy route, before anything goes upstream: who the {@code Authorization:
 * Bearer} key belongs to and whether that key may send this request now (model allow-list, limit rules, concurrency
 * cap). While {@code apiKeysRequired} is off, a request without a valid key passes as anonymous, and one with a valid
 * key is still counted and limited as that key's.
 */
@ApplicationScoped
public class KeyGate {
    private static final String BEARER = "bearer ";

    private final KeyDirectory directory;
    private final KeyUsage usage;
    private final ConcurrentTurns turns;
    private final SettingsCache settings;
    private final KeyMetrics metrics;
    private final Clock clock;

    @Inject
    public KeyGate(KeyDirectory directory, KeyUsage usage, ConcurrentTurns turns, SettingsCache settings,
                   KeyMetrics metrics, Clock clock) {
        this.directory = directory;
        this.usage = usage;
        this.turns = turns;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Lets a request for {@code model} through, holding a place under its key's concurrency cap and counting it as
     * one request, or refuses it. The key was {@link #identify identified} before the request's body was read: a
     * stranger's request is refused before its body costs anything.
     *
     * @throws KeyRefused when the key does not allow the request
     */
    public KeyAdmission admit(Optional<KeyPolicy> identified, String model) {
        if (identified.isEmpty()) {
            return KeyAdmission.NONE;
        }
        KeyPolicy key = identified.get();
        if (!key.allowsModel(model)) {
            throw KeyRefused.modelNotAllowed(model);
        }
        for (LimitRule rule : key.limits()) {
            if (rule.covers(model)) {
                RuleUsage ruleUsage = usage.usage(key.id(), rule);
                if (ruleUsage.full()) {
                    throw KeyRefused.limitReached(ruleUsage);
                }
            }
        }
        if (!turns.tryStart(key.id(), key.maxConcurrentTurns())) {
            throw KeyRefused.tooManyConcurrent(key.maxConcurrentTurns());
        }
        usage.add(key.id(), model, new Amount(1, 0, BigDecimal.ZERO));
        metrics.request(key.id(), key.name());
        return new KeyAdmission(key, turns, usage, metrics);
    }

    /**
     * The valid key of a request that sends no turn (the WebSocket handshake, the model lists); empty when it has
     * none and keys are not required.
     *
     * @throws KeyRefused when keys are required and the request has no valid key
     */
    public Optional<KeyPolicy> identify(String authorization) {
        Checked checked = check(authorization);
        if (checked.problem() == null) {
            return Optional.of(checked.key());
        }
        if (settings.current().apiKeysRequired()) {
            throw KeyRefused.invalidKey(checked.problem());
        }
        return Optional.empty();
    }

    /** The request's valid key whether keys are required or not, as {@code /v1/usage} needs it. */
    public KeyPolicy requireKey(String authorization) {
        Checked checked = check(authorization);
        if (checked.problem() != null) {
            throw KeyRefused.invalidKey(checked.problem());
        }
        return checked.key();
    }

    /** The key, or what is wrong with the request's key, in words its holder understands. */
    private Checked check(String authorization) {
        String secret = bearer(authorization);
        KeyPolicy key = directory.find(secret).orElse(null);
        String problem = secret == null ? "Missing API key: send it as 'Authorization: Bearer <key>'."
                : key == null ? "Invalid API key."
                : !key.enabled() ? "This API key is disabled."
                : key.expired(clock.instant()) ? "This API key expired at " + key.expiresAt() + "."
                : null;
        return new Checked(key, problem);
    }

    private record Checked(KeyPolicy key, String problem) {
    }

    private static String bearer(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return null;
        }
        String secret = authorization.substring(BEARER.length()).strip();
        return secret.isEmpty() ? null : secret;
    }
}
