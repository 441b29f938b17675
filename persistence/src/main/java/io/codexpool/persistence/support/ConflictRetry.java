package io.codexpool.persistence.support;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * Runs a transaction again when the database aborted it for a conflict. On a Galera cluster a transaction that
 * touched the same rows as one committed on another node fails at commit certification with MariaDB's deadlock error
 * (1213, "WSREP detected deadlock/conflict"), where a single server would have made it wait; InnoDB's own deadlocks
 * look the same. Either way nothing was written, and running the whole transaction again is the documented answer.
 */
public final class ConflictRetry {
    /** MariaDB's ER_LOCK_DEADLOCK, also what Galera reports for a certification failure. */
    private static final int DEADLOCK = 1213;
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final int ATTEMPTS = 6;
    private static final Logger LOG = Logger.getLogger(ConflictRetry.class.getName());

    /** One attempt at the transaction. */
    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        T run() throws E;
    }

    private ConflictRetry() {
    }

    /** Runs {@code attempt}, again after a short random pause while it fails with a conflict (a few times at most). */
    public static <T, E extends Exception> T run(String what, Attempt<T, E> attempt) throws E {
        for (int tried = 1; ; tried++) {
            try {
                return attempt.run();
            } catch (Exception e) {
                if (tried >= ATTEMPTS || !isConflict(e)) {
                    throw e;
                }
                int attemptNumber = tried;
                LOG.fine(() -> what + ": conflict with another transaction, attempt " + (attemptNumber + 1));
                // Spread the retries so the same two writers do not collide again in step.
                long pauseMillis = ThreadLocalRandom.current().nextLong(5, 20L * tried + 10);
                LockSupport.parkNanos(pauseMillis * 1_000_000L);
            }
        }
    }

    /** Whether anything in the cause chain is a deadlock or certification failure. */
    public static boolean isConflict(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof SQLException sql && (sql.getErrorCode() == DEADLOCK
                    || SERIALIZATION_FAILURE.equals(sql.getSQLState()))) {
                return true;
            }
            String message = e.getMessage();
            if (message != null && message.contains("WSREP detected deadlock/conflict")) {
                return true;
            }
        }
        return false;
    }
}
