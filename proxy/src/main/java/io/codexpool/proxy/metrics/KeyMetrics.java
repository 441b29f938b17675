package io.codexpool.proxy.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Requests and tokens per API key, labelled with the key's name and id (names need not be unique). Keys are made by
 * admins, so the series are as many as the keys; the key list is matched on every re-read, so a deleted key's series
 * go, and a renamed key's series start again under the new name.
 */
@ApplicationScoped
public class KeyMetrics {
    public static final String REQUESTS = "codexpool_api_key_requests_total";
    public static final String TOKENS = "codexpool_api_key_tokens_total";
    private static final Metadata REQUESTS_METADATA = Metadata.builder().withName(REQUESTS)
            .withDescription("Requests admitted under each API key").build();
    private static final Metadata TOKENS_METADATA = Metadata.builder().withName(TOKENS)
            .withDescription("Input and output tokens of the responses to each API key's requests").build();

    private final MetricRegistry registry;
    private final SeriesChanges changes;
    /** Each key's counters, so a request costs no registry lookup; its keys are also the series to remove. */
    private final Map<KeySeries, Counters> series = new ConcurrentHashMap<>();

    private record KeySeries(String id, String name) {
        Tag[] tags() {
            return new Tag[] {new Tag("key", name), new Tag("key_id", id)};
        }
    }

    private record Counters(Counter requests, Counter tokens) {
    }

    @Inject
    public KeyMetrics(MetricRegistry registry, SeriesChanges changes) {
        this.registry = registry;
        this.changes = changes;
    }

    public void request(String keyId, String keyName) {
        counters(keyId, keyName).requests().inc();
    }

    public void tokens(String keyId, String keyName, long tokens) {
        counters(keyId, keyName).tokens().inc(tokens);
    }

    /**
     * The keys that exist now, by id with their names: each has its series (at zero until used), and the series of
     * any other key or former name are removed, including one a request still in flight re-created after the last
     * call.
     */
    public synchronized void keysAre(Map<String, String> namesById) {
        changes.change(() -> series.keySet().removeIf(known -> {
            if (known.name().equals(namesById.get(known.id()))) {
                return false;
            }
            registry.remove(new MetricID(REQUESTS, known.tags()));
            registry.remove(new MetricID(TOKENS, known.tags()));
            return true;
        }));
        namesById.forEach(this::counters);
    }

    private Counters counters(String keyId, String keyName) {
        return series.computeIfAbsent(new KeySeries(keyId, keyName), key -> changes.add(() -> new Counters(
                registry.counter(REQUESTS_METADATA, key.tags()), registry.counter(TOKENS_METADATA, key.tags()))));
    }
}
