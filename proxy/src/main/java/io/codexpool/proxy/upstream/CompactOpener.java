package io.codexpool.proxy.upstream;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;

/**
 * {@code POST /codex/responses/compact}: one JSON reply, read whole and handed on as a single
 * {@linkplain SseEvent#document document event}, so that compact takes the same failover and error path as a stream.
 */
@ApplicationScoped
public class CompactOpener implements UpstreamStreamOpener {
    private final UpstreamHttpClient client;

    @Inject
    public CompactOpener(UpstreamHttpClient client) {
        this.client = client;
    }

    @Override
    public UpstreamEvents open(UpstreamTurn turn) throws UpstreamRefused {
        try (UpstreamReply reply = HttpStreamOpener.post(client, turn, false)) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(reply.headers());
            return new Document(headers, List.of(SseEvent.document(reply.bodyBytes())).iterator());
        } catch (ProcessingException e) {
            throw UpstreamRefused.unreachable("upstream connection failed: " + e.getMessage());
        }
    }

    /** The reply's headers and its one document, read whole: nothing is left open. */
    private record Document(Map<String, List<String>> headers, Iterator<SseEvent> events) implements UpstreamEvents {
        @Override
        public Transport transport() {
            return Transport.HTTP;
        }

        @Override
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        @Override
        public SseEvent next() {
            return events.hasNext() ? events.next() : null;
        }

        @Override
        public void close() {
            // nothing open
        }
    }
}
