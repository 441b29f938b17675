package io.codexpool.persistence.database;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestDatabase.class)
@HelidonTest
class NamedLocksTest {
    @Inject
    NamedLocks locks;

    @Test
    void workWaitsForNoOtherHolderAndGivesTheLockBackAfterwards() throws Exception {
        assertEquals("ran", locks.callHolding("codexpool_test_free", Duration.ZERO, () -> "ran", () -> "busy"));
        try (Connection other = TestDatabase.current().connect()) {
            assertTrue(NamedLocks.acquire(other, "codexpool_test_free", Duration.ZERO), "released after the work");
            NamedLocks.release(other, "codexpool_test_free");
        }
    }

    @Test
    void aLockHeldElsewhereAnswersBusyWithoutRunningTheWork() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        try (Connection other = TestDatabase.current().connect()) {
            assertTrue(NamedLocks.acquire(other, "codexpool_test_held", Duration.ZERO));
            String answer = locks.callHolding("codexpool_test_held", Duration.ofSeconds(1), () -> {
                ran.set(true);
                return "ran";
            }, () -> "busy");
            assertEquals("busy", answer);
            assertFalse(ran.get());
        }
    }

    @Test
    void aNameMariaDbWouldRefuseIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> locks.callHolding("x".repeat(65), Duration.ZERO,
                () -> "ran", () -> "busy"));
    }
}
