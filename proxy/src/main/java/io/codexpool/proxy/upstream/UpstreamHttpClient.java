package io.codexpool.proxy.upstream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.RequestEntityProcessing;

/**
 * Calls the ChatGPT backend over HTTP with the JAX-RS client; replies are read as streams, never buffered whole.
 */
@ApplicationScoped
public class UpstreamHttpClient {
    private final UpstreamConfig config;
    private final Client client;
    /** Targets are immutable and thread-safe; building one parses the URI, so each path's is built once. */
    private final Map<String, WebTarget> targets = new ConcurrentHashMap<>();

    @Inject
    public UpstreamHttpClient(UpstreamConfig config) {
        this.config = config;
        // The JDK keeps only a few idle keep-alive connections per host unless told otherwise.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "256");
        }
        this.client = ClientBuilder.newBuilder()
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .property(ClientProperties.REQUEST_ENTITY_PROCESSING, RequestEntityProcessing.BUFFERED)
                .property(ClientProperties.FOLLOW_REDIRECTS, false)
                .build();
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * POSTs a JSON body to {@code path} under the base URL for one account.
     *
     * @param clientHeaders the client's headers (lower-case names); only end-to-end ones go upstream
     *                      ({@link ForwardedHeaders})
     */
    public UpstreamReply post(String path, String accessToken, String chatgptAccountId, byte[] body,
                              Map<String, List<String>> clientHeaders, boolean stream, String requestId) {
        Invocation.Builder request = target(path).request();
        ForwardedHeaders.forEach(clientHeaders, request::header);
        authorize(request, accessToken, chatgptAccountId);
        if (!clientHeaders.containsKey("x-request-id")) {
            request.header("x-request-id", requestId);
        }
        request.header("Accept", stream ? "text/event-stream" : "application/json");
        return new UpstreamReply(request.post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE)));
    }

    /**
     * GETs a small JSON document; {@code readTimeout} replaces the stream idle timeout, which is far too long for a
     * call that a periodic job waits for.
     */
    public UpstreamReply get(String path, String accessToken, String chatgptAccountId, Duration readTimeout) {
        Invocation.Builder request = target(path).request()
                .property(ClientProperties.READ_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        authorize(request, accessToken, chatgptAccountId);
        request.header("Accept", "application/json");
        return new UpstreamReply(request.get());
    }

    private WebTarget target(String path) {
        return targets.computeIfAbsent(path, p -> client.target(config.baseUrl() + p));
    }

    private static void authorize(Invocation.Builder request, String accessToken, String chatgptAccountId) {
        request.header("Authorization", "Bearer " + accessToken);
        if (chatgptAccountId != null && !chatgptAccountId.isBlank()) {
            request.header("chatgpt-account-id", chatgptAccountId);
        }
    }
}
