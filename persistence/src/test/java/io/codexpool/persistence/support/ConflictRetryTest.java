package io.codexpool.persistence.support;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConflictRetryTest {
    @Test
    void aTransactionAbortedByACertificationConflictRunsAgainUntilItCommits() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        String result = ConflictRetry.run("test", () -> {
            if (attempts.incrementAndGet() < 3) {
                // What Connector/J throws when Galera aborts a transaction at commit, and what JPA wraps it in.
                throw new PersistenceException(new SQLTransactionRollbackException(
                        "Deadlock found when trying to get lock; try restarting transaction", "40001", 1213));
            }
            return "committed";
        });
        assertEquals("committed", result);
        assertEquals(3, attempts.get());
    }

    @Test
    void otherFailuresAndEndlessConflictsAreNotHidden() {
        AtomicInteger attempts = new AtomicInteger();
        SQLException refused = new SQLException("Data too long for column 'model'", "22001", 1406);
        assertSame(refused, assertThrows(SQLException.class, () -> ConflictRetry.run("test", () -> {
            attempts.incrementAndGet();
            throw refused;
        })));
        assertEquals(1, attempts.get(), "a refusal of the data is not retried");

        SQLException conflict = new SQLException("WSREP detected deadlock/conflict and aborted the transaction.",
                "HY000", 1213);
        assertSame(conflict, assertThrows(SQLException.class, () -> ConflictRetry.run("test", () -> {
            throw conflict;
        })), "after a few attempts the conflict is reported");
    }
}
