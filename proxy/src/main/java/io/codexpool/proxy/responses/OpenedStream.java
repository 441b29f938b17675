package io.codexpool.proxy.responses;

import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.upstream.SseEvent;
import io.codexpool.proxy.upstream.SseEventReader;
import io.codexpool.proxy.upstream.UpstreamReply;

/** An upstream stream that passed its first event: from here on there is no failover. */
public record OpenedStream(AccountState account, UpstreamReply reply, SseEventReader reader, SseEvent firstEvent)
        implements AutoCloseable {
    @Override
    public void close() {
        reply.close();
    }
}
