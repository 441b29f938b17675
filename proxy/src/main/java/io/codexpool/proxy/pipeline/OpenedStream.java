package io.codexpool.proxy.pipeline;

import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.upstream.SseEvent;
import io.codexpool.proxy.upstream.UpstreamEvents;

/** An upstream stream that passed its first event: from here on there is no failover. */
public record OpenedStream(AccountState account, UpstreamEvents events, SseEvent firstEvent)
        implements AutoCloseable {
    @Override
    public void close() {
        events.close();
    }
}
