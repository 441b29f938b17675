package io.codexpool.proxy.apikeys;

import java.util.List;
import java.util.function.Consumer;

import io.codexpool.persistence.apikeys.ApiKey;
import io.codexpool.persistence.apikeys.ApiKeyRepository;
import io.codexpool.persistence.settings.SettingsRepository;
import io.codexpool.proxy.settings.SettingsCache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Makes API keys for proxy tests the way the admin site does: a row with the secret's hash, then a refresh. */
@ApplicationScoped
public class TestKeys {
    @Inject
    ApiKeyRepository keys;
    @Inject
    KeyDirectory directory;
    @Inject
    SettingsRepository settings;
    @Inject
    SettingsCache settingsCache;

    /** A new enabled key set up by {@code setup}; returns its secret. */
    public String create(String name, Consumer<ApiKey> setup) {
        String secret = KeySecrets.generate();
        ApiKey key = new ApiKey(name, KeySecrets.hashHex(secret), KeySecrets.prefix(secret), java.time.Instant.now());
        setup.accept(key);
        keys.save(key);
        directory.refresh();
        return secret;
    }

    public String create(String name) {
        return create(name, key -> { });
    }

    public ApiKey row(String secret) {
        return keys.findAll().stream().filter(k -> k.getKeyHash().equals(KeySecrets.hashHex(secret))).findFirst()
                .orElseThrow();
    }

    public void update(String secret, Consumer<ApiKey> change) {
        ApiKey key = row(secret);
        change.accept(key);
        keys.save(key);
        directory.refresh();
    }

    public void delete(String secret) {
        keys.delete(row(secret).getId());
        directory.refresh();
    }

    public static String rules(LimitRule... rules) {
        return KeyJson.writeRules(List.of(rules));
    }

    /** Saves {@code apiKeysRequired}; with {@code refresh} the cache takes it now, else its periodic re-read does. */
    public void require(boolean required, boolean refresh) {
        settings.save(settings.load().setApiKeysRequired(required));
        if (refresh) {
            settingsCache.refresh();
        }
    }

    public void deleteAll() {
        keys.findAll().forEach(k -> keys.delete(k.getId()));
        directory.refresh();
    }
}
