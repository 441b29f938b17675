package io.codexpool.proxy.support;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Tells a database that is away (worth retrying the same write later) from one that refuses a write's content
 * (retrying it would fail forever and hold back every write queued behind it).
 */
public final class DatabaseFailures {
    private DatabaseFailures() {
    }

    /** No connection, a timeout or a deadlock: worth retrying, unlike a refusal of the item's content. */
    public static boolean databaseAway(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The failure for a log line, with quoted values blanked: a refused row's message quotes its values (a duplicate
     * key, a bad date), and those are client text that has no place in the log.
     */
    public static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return "SQLState " + sql.getSQLState() + ", error " + sql.getErrorCode() + ": " + blankQuoted(
                        sql.getMessage());
            }
        }
        return failure.getClass().getSimpleName() + ": " + blankQuoted(failure.getMessage());
    }

    private static String blankQuoted(String message) {
        return message == null ? "" : message.replaceAll("'[^']*'", "'…'");
    }
}
