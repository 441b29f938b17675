package io.codexpool.admin.apikeys;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.codexpool.admin.auth.Actor;
import io.codexpool.admin.auth.AuditLog;
import io.codexpool.persistence.apikeys.ApiKey;
import io.codexpool.persistence.apikeys.ApiKeyRepository;
import io.codexpool.proxy.apikeys.KeyDirectory;
import io.codexpool.proxy.apikeys.KeyPolicy;
import io.codexpool.proxy.apikeys.KeySecrets;
import io.codexpool.proxy.apikeys.LimitRule;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What admins do with keys, for the pages and the API alike, each recorded in the audit log by the key's name and id
 * (never its secret). Each change is in force on this replica at once (the key directory is re-read) and on the
 * others within two seconds.
 */
@ApplicationScoped
public class ApiKeyActions {
    private final ApiKeyRepository keys;
    private final KeyDirectory directory;
    private final AuditLog audit;

    @Inject
    public ApiKeyActions(ApiKeyRepository keys, KeyDirectory directory, AuditLog audit) {
        this.keys = keys;
        this.directory = directory;
        this.audit = audit;
    }

    /** A key and its secret, which exists only in this answer. */
    public record WithSecret(ApiKey key, String secret) {
    }

    WithSecret create(ApiKeyInput input, Actor actor) {
        String secret = KeySecrets.generate();
        ApiKey key = new ApiKey(input.name(), KeySecrets.hashHex(secret), KeySecrets.prefix(secret), Instant.now());
        input.applyTo(key);
        ApiKey saved = saved(key);
        audit.record(actor, "api_key.created", subject(saved), String.join("; ", policy(saved).entrySet().stream()
                .map(field -> field.getKey() + ": " + field.getValue()).toList()));
        return new WithSecret(saved, secret);
    }

    Optional<ApiKey> update(String id, ApiKeyInput input, Actor actor) {
        return keys.findById(id).map(key -> {
            Map<String, Object> before = policy(key);
            input.applyTo(key);
            ApiKey saved = saved(key.setUpdatedAt(Instant.now()));
            audit.changed(actor, "api_key.changed", subject(saved), before, policy(saved));
            return saved;
        });
    }

    Optional<WithSecret> regenerate(String id, Actor actor) {
        return keys.findById(id).map(key -> {
            String secret = KeySecrets.generate();
            key.setSecret(KeySecrets.hashHex(secret), KeySecrets.prefix(secret)).setUpdatedAt(Instant.now());
            ApiKey saved = saved(key);
            audit.record(actor, "api_key.regenerated", subject(saved), "the old secret no longer works");
            return new WithSecret(saved, secret);
        });
    }

    Optional<ApiKey> enable(String id, boolean enabled, Actor actor) {
        return keys.findById(id).map(key -> {
            ApiKey saved = saved(key.setEnabled(enabled).setUpdatedAt(Instant.now()));
            audit.record(actor, enabled ? "api_key.enabled" : "api_key.disabled", subject(saved), null);
            return saved;
        });
    }

    boolean delete(String id, Actor actor) {
        Optional<ApiKey> key = keys.findById(id);
        boolean deleted = keys.delete(id);
        directory.refresh();
        key.filter(k -> deleted).ifPresent(k -> audit.record(actor, "api_key.deleted", subject(k), null));
        return deleted;
    }

    private ApiKey saved(ApiKey key) {
        ApiKey saved = keys.save(key);
        directory.refresh();
        return saved;
    }

    private static String subject(ApiKey key) {
        return key.getName() + " (" + key.getId() + ")";
    }

    /** What a key may do, as the audit log shows it before and after a change. */
    private static Map<String, Object> policy(ApiKey key) {
        KeyPolicy policy = KeyPolicy.of(key);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", policy.name());
        fields.put("expiresAt", policy.expiresAt());
        fields.put("allowedModels", policy.allowedModels().stream().sorted().toList());
        fields.put("accountIds", policy.accountIds().stream().sorted().toList());
        fields.put("maxConcurrentTurns", policy.maxConcurrentTurns());
        fields.put("limits", policy.limits().stream().map(LimitRule::describe).toList());
        return fields;
    }
}
