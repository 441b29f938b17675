package io.codexpool.persistence.support;

/**
 * The readable cause of a failure: the innermost exception's message, which names what really went wrong (a refused
 * connection, an unknown host) where the outer ones only say which layer noticed. Every module uses this one.
 */
public final class RootCause {
    private RootCause() {
    }

    /** The innermost cause's message, or its class name when it has none. */
    public static String message(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
