package io.codexpool.proxy.upstream;

import java.io.IOException;

/** Where relayed upstream events go: straight to the client, translated, or collected. */
public interface EventSink {
    void accept(SseEvent event) throws IOException;
}
