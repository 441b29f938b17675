package io.codexpool.proxy.responses;

import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.transport.UpstreamEvents;
import io.codexpool.proxy.upstream.SseEvent;

/** An upstream stream that passed its first event: from here on there is no failover. */
public record OpenedStream(AccountState account, UpstreamEvents events, SseEvent firstEvent)
        implements AutoCloseable {
    @Override
    public void close() {
        events.close();
    }
}
