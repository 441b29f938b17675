package io.codexpool.proxy.apikeys;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.codexpool.persistence.apikeys.ApiKeyRepository;
import io.codexpool.proxy.metrics.KeyMetrics;
import io.codexpool.proxy.support.BackgroundWork;
import io.codexpool.proxy.support.Periodic;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every key's policy in memory, indexed by the hash of its secret and re-read from the database every second, so a
 * request is checked without a database call and an admin's change (a new, disabled or deleted key) is in force on
 * every replica within two seconds.
 */
@ApplicationScoped
public class KeyDirectory extends BackgroundWork {
    /** Longer than any secret this service issues; a longer bearer is not even hashed. */
    private static final int MAX_SECRET_LENGTH = 256;
    /** Stands in for the key an unknown secret did not find, so both cost one hash and one comparison. */
    private static final byte[] NO_KEY_HASH = KeySecrets.hash(KeySecrets.generate());

    private final ApiKeyRepository repository;
    private final KeyMetrics metrics;
    private final Duration refreshEvery;
    private volatile Index index = new Index(Map.of(), Map.of());

    @Inject
    public KeyDirectory(ApiKeyRepository repository, KeyMetrics metrics,
                        @ConfigProperty(name = "codexpool.api-keys.refresh-millis", defaultValue = "1000")
                        long refreshMillis) {
        this.repository = repository;
        this.metrics = metrics;
        this.refreshEvery = Duration.ofMillis(refreshMillis);
    }

    @Override
    protected List<AutoCloseable> startWork() {
        refresh();
        return List.of(new Periodic("api-key-refresh", refreshEvery, this::refresh));
    }

    /**
     * Re-reads the keys now; an admin change on this replica calls it to apply at once. One at a time: a periodic read
     * that began before a change must not land after the change's own refresh and undo it.
     */
    public synchronized void refresh() {
        Map<String, KeyPolicy> byHash = new HashMap<>();
        Map<String, KeyPolicy> byId = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        repository.findAll().stream().map(KeyPolicy::of).forEach(key -> {
            byHash.put(HexFormat.of().formatHex(key.hash()), key);
            byId.put(key.id(), key);
            names.put(key.id(), key.name());
        });
        index = new Index(byHash, byId);
        metrics.keysAre(names);
    }

    /**
     * The key whose secret this is. The secret is hashed and the hash compared in constant time whether a key was
     * found or not, so the time taken says nothing about which keys exist.
     */
    public Optional<KeyPolicy> find(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > MAX_SECRET_LENGTH) {
            return Optional.empty();
        }
        byte[] hash = KeySecrets.hash(secret);
        KeyPolicy candidate = index.byHash().get(HexFormat.of().formatHex(hash));
        boolean equal = MessageDigest.isEqual(candidate == null ? NO_KEY_HASH : candidate.hash(), hash);
        return equal && candidate != null ? Optional.of(candidate) : Optional.empty();
    }

    public Optional<KeyPolicy> byId(String id) {
        return Optional.ofNullable(index.byId().get(id));
    }

    public List<KeyPolicy> all() {
        return List.copyOf(index.byId().values());
    }

    private record Index(Map<String, KeyPolicy> byHash, Map<String, KeyPolicy> byId) {
    }
}
