package io.codexpool.admin;

import io.codexpool.persistence.database.DatabaseStartupException;

/**
 * Starts the service. A database that cannot be reached or migrated ends start-up with one readable line instead of
 * the container's stack traces.
 */
public final class CodexPoolMain {
    private CodexPoolMain() {
    }

    public static void main(String[] args) {
        try {
            io.helidon.microprofile.cdi.Main.main(args);
        } catch (RuntimeException e) {
            DatabaseStartupException cause = databaseCause(e);
            if (cause == null) {
                throw e;
            }
            System.err.println("Codex Pool cannot start: " + cause.getMessage());
            System.exit(1);
        }
    }

    private static DatabaseStartupException databaseCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatabaseStartupException startup) {
                return startup;
            }
        }
        return null;
    }
}
