package io.codexpool.proxy.errors;

/**
 * The thread serving a request was interrupted: the client went away (a client WebSocket closing interrupts its
 * turn) or the server is stopping. Nothing more is tried and no account is charged for it, since the accounts did
 * nothing wrong; the request is logged as 499 {@code client_closed}.
 */
public final class RequestCancelled extends RuntimeException {
    public RequestCancelled(String message) {
        super(message, null, false, false);
    }

    /** Keeps the thread's interrupt flag (whoever owns the thread may look at it) and says why the request ends. */
    public static RequestCancelled interrupted(String doing) {
        Thread.currentThread().interrupt();
        return new RequestCancelled("interrupted while " + doing);
    }
}
