package io.codexpool.proxy.sticky;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.persistence.sticky.StickySession;
import io.codexpool.persistence.sticky.StickySessionId;
import io.codexpool.persistence.sticky.StickySessionRepository;
import io.codexpool.testing.Poll;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StickyViewTest {
    /**
     * A flush takes a new mapping off the pending writes before its row is committed; a full reload in between read
     * the table without it, found it no longer pending and dropped it, so the conversation's next turn chose afresh.
     */
    @Test
    void aFullReloadWhileANewMappingIsBeingWrittenKeepsIt() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch committed = new CountDownLatch(1);
        List<StickySession> table = new CopyOnWriteArrayList<>();
        StickySessionRepository repository = new StickySessionRepository(null, null) {
            @Override
            public List<StickySession> findUpdatedSince(Instant since) {
                return List.copyOf(table);
            }

            @Override
            public void upsertAll(List<StickySession> sessions) {
                writing.countDown();
                await(committed);
                table.addAll(sessions);
            }

            @Override
            public void touchAll(List<StickySession> sessions) {
            }
        };
        StickyView view = new StickyView(repository, Clock.systemUTC(), 1000, 10, 24);
        StickySessionId conversation = new StickySessionId("conversation", StickyKind.PROMPT_CACHE);
        view.bindIfAbsent(conversation, () -> "acc-a");

        Thread flush = Thread.ofPlatform().start(view::flush);
        assertTrue(writing.await(10, TimeUnit.SECONDS));
        Thread reload = Thread.ofPlatform().start(view::reload);
        Poll.until("the reload waits for the flush or has run", Duration.ofSeconds(10),
                () -> reload.getState() == Thread.State.BLOCKED || reload.getState() == Thread.State.TERMINATED);
        committed.countDown();
        flush.join();
        reload.join();

        assertTrue(view.remembers(conversation), "the mapping is still held in memory");
        assertEquals("acc-a", view.get(conversation).accountId());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
