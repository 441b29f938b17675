package io.codexpool.proxy.apikeys;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.codexpool.persistence.apikeys.ApiKey;
import io.codexpool.persistence.apikeys.ApiKeyRepository;
import io.codexpool.proxy.metrics.KeyMetrics;
import io.codexpool.proxy.testing.OverlappingRereads;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyDirectoryTest {
    /**
     * The periodic refresh reads the keys just before an admin deletes one; the deletion's own refresh reads them
     * without it. The older read must not land last, or the deleted key would let requests in on this replica until
     * the next refresh.
     */
    @Test
    void aRefreshThatReadTheKeysBeforeADeletionDoesNotUndoTheDeletionsRefresh() throws Exception {
        String secret = KeySecrets.generate();
        ApiKey deleted = new ApiKey("deleted", KeySecrets.hashHex(secret), KeySecrets.prefix(secret), Instant.now());
        OverlappingRereads rereads = new OverlappingRereads();
        ApiKeyRepository repository = new ApiKeyRepository(null, null) {
            @Override
            public List<ApiKey> findAll() {
                return rereads.older() ? List.of(deleted) : List.of();
            }
        };
        KeyMetrics metrics = new KeyMetrics(null, null) {
            @Override
            public synchronized void keysAre(Map<String, String> namesById) {
            }
        };
        KeyDirectory directory = new KeyDirectory(repository, metrics, 1000);

        rereads.run(directory::refresh);

        assertTrue(directory.find(secret).isEmpty(), "the deleted key stays deleted");
    }
}
