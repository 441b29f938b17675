package io.codexpool.admin.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/** A webhook receiver on loopback that answers every POST with one fixed status and keeps what it got. */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One post as received: its JSON body and when it arrived. */
    record Post(JsonNode body, Instant receivedAt) {
        String event() {
            return body.path("event").asText();
        }
    }

    private final HttpServer server;
    private final List<Post> posts = new ArrayList<>();

    private WebhookReceiver(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                JsonNode json = MAPPER.readTree(body.readNBytes(1024 * 1024));
                synchronized (posts) {
                    posts.add(new Post(json, Instant.now()));
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    static WebhookReceiver answering(int status) throws IOException {
        return new WebhookReceiver(status);
    }

    /** The URL to register; its path plays the secret part of a real incoming-webhook URL. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/T0SECRET/B0SECRET/xoxSecretPart";
    }

    /** The posts of this event received so far, oldest first. */
    List<Post> posts(String event) {
        synchronized (posts) {
            return posts.stream().filter(post -> post.event().equals(event)).toList();
        }
    }

    List<Post> all() {
        synchronized (posts) {
            return new ArrayList<>(posts);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
