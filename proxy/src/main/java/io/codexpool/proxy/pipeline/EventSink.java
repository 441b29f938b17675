package io.codexpool.proxy.pipeline;

import java.io.IOException;

import io.codexpool.proxy.upstream.SseEvent;

/** Where relayed upstream events go: straight to the client, translated, or collected. */
public interface EventSink {
    void accept(SseEvent event) throws IOException;
}
