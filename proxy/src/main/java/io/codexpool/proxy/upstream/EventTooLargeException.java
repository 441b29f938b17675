package io.codexpool.proxy.upstream;

import java.io.IOException;

/** An upstream event grew past the configured limit. */
public class EventTooLargeException extends IOException {
    public EventTooLargeException(int limit) {
        super("upstream event larger than " + limit + " bytes");
    }
}
