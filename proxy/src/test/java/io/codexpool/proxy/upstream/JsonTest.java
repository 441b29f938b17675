package io.codexpool.proxy.upstream;

import java.util.concurrent.atomic.AtomicReference;

import io.codexpool.proxy.support.Json;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertSame;

class JsonTest {
    @Test
    void buffersReleasedOnOneVirtualThreadServeTheNext() throws InterruptedException {
        RecyclerPool<BufferRecycler> pool = Json.MAPPER.getFactory()._getRecyclerPool();
        AtomicReference<BufferRecycler> first = new AtomicReference<>();
        AtomicReference<BufferRecycler> second = new AtomicReference<>();

        Thread.ofVirtual().start(() -> useAndRelease(pool, first)).join();
        Thread.ofVirtual().start(() -> useAndRelease(pool, second)).join();

        assertSame(first.get(), second.get(), "a thread-local pool would give each virtual thread buffers of its own");
    }

    private static void useAndRelease(RecyclerPool<BufferRecycler> pool, AtomicReference<BufferRecycler> used) {
        BufferRecycler recycler = pool.acquireAndLinkPooled();
        used.set(recycler);
        recycler.releaseToPool();
    }
}
