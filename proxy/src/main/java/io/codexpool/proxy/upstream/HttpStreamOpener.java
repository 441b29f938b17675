package io.codexpool.proxy.upstream;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.codexpool.persistence.support.RootCause;
import io.codexpool.proxy.support.Json;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;

/** {@code POST /codex/responses} with an SSE reply, read event by event. */
@ApplicationScoped
public class HttpStreamOpener implements UpstreamStreamOpener {
    private static final int MAX_ERROR_BODY = 1024 * 1024;

    private final UpstreamHttpClient client;
    private final UpstreamConfig config;

    @Inject
    public HttpStreamOpener(UpstreamHttpClient client, UpstreamConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public UpstreamEvents open(UpstreamTurn turn) throws UpstreamRefused {
        UpstreamReply reply = post(client, turn, true);
        return new HttpEvents(reply, new SseEventReader(reply.body(), config.maxEventBytes()));
    }

    /** POSTs the turn's call; any answer but 200 is a refusal, with (at most 1 MiB of) upstream's body. */
    static UpstreamReply post(UpstreamHttpClient client, UpstreamTurn turn, boolean stream) throws UpstreamRefused {
        UpstreamCall call = turn.call();
        UpstreamReply reply;
        try {
            reply = client.post(call.upstreamPath(), turn.accessToken(), turn.chatgptAccountId(),
                    Json.bytes(call.bodyOn(null, turn.accountId())), call.headers(), stream, call.requestId());
        } catch (ProcessingException e) {
            throw UpstreamRefused.unreachable("upstream connection failed: " + RootCause.message(e));
        }
        if (reply.status() != 200) {
            throw refusal(reply);
        }
        return reply;
    }

    private static UpstreamRefused refusal(UpstreamReply reply) {
        try (reply) {
            Map<String, List<String>> headers = new LinkedHashMap<>(reply.headers());
            byte[] body = reply.body().readNBytes(MAX_ERROR_BODY);
            return new UpstreamRefused(reply.status(), body, headers, "upstream answered " + reply.status());
        } catch (IOException | ProcessingException e) {
            return UpstreamRefused.unreachable("upstream reply unreadable: " + e.getMessage());
        }
    }

    private record HttpEvents(UpstreamReply reply, SseEventReader reader) implements UpstreamEvents {
        @Override
        public Transport transport() {
            return Transport.HTTP;
        }

        @Override
        public String header(String name) {
            return reply.header(name);
        }

        @Override
        public SseEvent next() throws IOException {
            return reader.next();
        }

        @Override
        public boolean beforeWaiting(Runnable action) {
            reader.beforeWaiting(action);
            return true;
        }

        @Override
        public void close() {
            reply.close();
        }
    }
}
