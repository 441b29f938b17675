package io.codexpool.admin.apikeys;

import java.time.Instant;
import java.util.Optional;

import io.codexpool.persistence.apikeys.ApiKey;
import io.codexpool.persistence.apikeys.ApiKeyRepository;
import io.codexpool.proxy.apikeys.KeyDirectory;
import io.codexpool.proxy.apikeys.KeySecrets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What admins do with keys, for the pages and the API alike. Each change is in force on this replica at once (the
 * key directory is re-read) and on the others within two seconds.
 */
@ApplicationScoped
public class ApiKeyActions {
    private final ApiKeyRepository keys;
    private final KeyDirectory directory;

    @Inject
    public ApiKeyActions(ApiKeyRepository keys, KeyDirectory directory) {
        this.keys = keys;
        this.directory = directory;
    }

    /** A key and its secret, which exists only in this answer. */
    public record WithSecret(ApiKey key, String secret) {
    }

    WithSecret create(ApiKeyInput input) {
        String secret = KeySecrets.generate();
        ApiKey key = new ApiKey(input.name(), KeySecrets.hashHex(secret), KeySecrets.prefix(secret), Instant.now());
        input.applyTo(key);
        return new WithSecret(saved(key), secret);
    }

    Optional<ApiKey> update(String id, ApiKeyInput input) {
        return keys.findById(id).map(key -> {
            input.applyTo(key);
            return saved(key.setUpdatedAt(Instant.now()));
        });
    }

    Optional<WithSecret> regenerate(String id) {
        return keys.findById(id).map(key -> {
            String secret = KeySecrets.generate();
            key.setSecret(KeySecrets.hashHex(secret), KeySecrets.prefix(secret)).setUpdatedAt(Instant.now());
            return new WithSecret(saved(key), secret);
        });
    }

    Optional<ApiKey> enable(String id, boolean enabled) {
        return keys.findById(id).map(key -> saved(key.setEnabled(enabled).setUpdatedAt(Instant.now())));
    }

    boolean delete(String id) {
        boolean deleted = keys.delete(id);
        directory.refresh();
        return deleted;
    }

    private ApiKey saved(ApiKey key) {
        ApiKey saved = keys.save(key);
        directory.refresh();
        return saved;
    }
}
