package io.codexpool.proxy.transport;

/** Readable causes of transport failures. */
final class Errors {
    private Errors() {
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
