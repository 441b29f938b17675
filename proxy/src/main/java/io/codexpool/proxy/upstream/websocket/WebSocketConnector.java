package io.codexpool.proxy.upstream.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.codexpool.persistence.support.RootCause;
import io.codexpool.proxy.errors.RequestCancelled;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.upstream.UpstreamCall;
import io.codexpool.proxy.upstream.ForwardedHeaders;
import io.codexpool.proxy.upstream.UpstreamConfig;
import io.codexpool.proxy.upstream.UpstreamRefused;
import io.codexpool.proxy.upstream.UpstreamTurn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Opens upstream WebSockets on {@code ws(s)://<base>/codex/responses} with the account's auth headers, the client's
 * forwardable headers and {@code OpenAI-Beta: responses_websockets=2026-02-06}.
 */
@ApplicationScoped
public class WebSocketConnector {
    static final String BETA = "responses_websockets=2026-02-06";

    private final UpstreamConfig config;
    private final HttpClient client;
    private final URI uri;

    @Inject
    public WebSocketConnector(UpstreamConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
        this.uri = URI.create(config.baseUrl().replaceFirst("^http", "ws") + "/codex/responses");
    }

    UpstreamWebSocket connect(UpstreamTurn turn) throws UpstreamRefused {
        UpstreamCall call = turn.call();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(config.connectTimeout());
        // the JDK sets the WebSocket handshake headers itself (sec-websocket-* are dropped as sec-*); OpenAI-Beta is
        // merged below
        ForwardedHeaders.forEach(call.headers(), (name, value) -> {
            if (!name.equals("openai-beta")) {
                header(builder, name, value);
            }
        });
        builder.header("Authorization", "Bearer " + turn.accessToken());
        String accountId = turn.chatgptAccountId();
        if (accountId != null && !accountId.isBlank()) {
            builder.header("chatgpt-account-id", accountId);
        }
        if (!call.headers().containsKey("x-request-id")) {
            builder.header("x-request-id", call.requestId());
        }
        builder.header("OpenAI-Beta", beta(call.headers().get("openai-beta")));
        UpstreamWebSocket socket = new UpstreamWebSocket(turn.accountId(), config.maxEventBytes(),
                config.idleTimeout());
        CompletableFuture<WebSocket> pending = builder.buildAsync(uri, socket);
        try {
            pending.get(config.connectTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            return socket;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw refusal(refused.getResponse());
            }
            throw UpstreamRefused.unreachable("upstream websocket connection failed: " + RootCause.message(e));
        } catch (TimeoutException e) {
            abandon(pending);
            throw UpstreamRefused.unreachable("upstream websocket connection timed out");
        } catch (InterruptedException e) {
            abandon(pending);
            throw RequestCancelled.interrupted("connecting upstream");
        }
    }

    /**
     * Nobody will use a socket whose handshake is still under way: the JDK cannot cancel the handshake, so the socket
     * is aborted once it opens, rather than left authenticated and open upstream.
     */
    private static void abandon(CompletableFuture<WebSocket> pending) {
        pending.thenAccept(WebSocket::abort);
    }

    /** The request as one text frame: the body without {@code stream}/{@code background}, typed. */
    static String createFrame(ObjectNode body) {
        ObjectNode frame = Json.object().put("type", "response.create");
        frame.setAll(body);
        frame.remove("stream");
        frame.remove("background");
        return Json.write(frame);
    }

    private static void header(WebSocket.Builder builder, String name, String value) {
        try {
            builder.header(name, value);
        } catch (IllegalArgumentException e) {
            // a header the JDK reserves for itself: upstream gets its own value
        }
    }

    private static String beta(List<String> clientValues) {
        if (clientValues == null || clientValues.isEmpty()) {
            return BETA;
        }
        String joined = String.join(",", clientValues);
        return joined.contains(BETA) ? joined : joined + "," + BETA;
    }

    private static UpstreamRefused refusal(HttpResponse<?> response) {
        Object body = response.body();
        byte[] bytes = body instanceof String text ? text.getBytes(StandardCharsets.UTF_8)
                : body instanceof byte[] raw ? raw : null;
        Map<String, List<String>> headers = response.headers().map();
        return new UpstreamRefused(response.statusCode(), bytes, headers,
                "upstream refused the websocket upgrade with " + response.statusCode());
    }
}
