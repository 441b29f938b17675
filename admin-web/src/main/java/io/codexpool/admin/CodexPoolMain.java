package io.codexpool.admin;

import io.codexpool.persistence.database.DatabaseStartupException;
import io.helidon.common.mapper.MapperManager;

/**
 * Starts the service. A database that cannot be reached or migrated ends start-up with one readable line instead of
 * the container's stack traces.
 */
public final class CodexPoolMain {
    private CodexPoolMain() {
    }

    public static void main(String[] args) {
        // Helidon's HTTP/1 connection reads each request's headers through the global mapper manager, which, unless
        // one was set, it looks up in the service registry on every request (6 % of the service's CPU on CPU-bound
        // streams, in a JFR profile). Set before anything has used the registry, so Helidon takes it as its own.
        MapperManager.global(MapperManager.create());
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
