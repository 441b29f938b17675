package io.codexpool.proxy.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class RequestIdTest {
    @Test
    void newRequestIdsAreWellFormedVersion4UuidsAndUniqueAcrossThreads() throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        int threads = 8;
        int each = 20_000;
        List<Future<?>> running = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                running.add(executor.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String id = TurnPipeline.newRequestId();
                        UUID uuid = UUID.fromString(id);
                        assertEquals(4, uuid.version(), id);
                        assertEquals(2, uuid.variant(), id);
                        assertEquals(uuid.toString(), id);
                        ids.add(id);
                    }
                    return null;
                }));
            }
            for (Future<?> thread : running) {
                thread.get();
            }
        }
        assertEquals(threads * each, ids.size(), "no id twice");
    }

    @Test
    void theClientsIdIsKeptAndAnOverlongOneReplaced() {
        assertEquals("abc", TurnPipeline.requestId(Map.of("x-client-request-id", List.of("abc"))));
        String overlong = "x".repeat(129);
        String replaced = TurnPipeline.requestId(Map.of("x-request-id", List.of(overlong)));
        assertEquals(4, UUID.fromString(replaced).version());
    }
}
