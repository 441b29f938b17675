package io.codexpool.admin.signin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The short-lived HTTP listener on the loopback address that receives the browser's OAuth redirect. It lives only
 * while a browser sign-in is pending, and checks every minute whether that is still so.
 */
final class CallbackListener implements AutoCloseable {
    private static final Duration CHECK_EVERY = Duration.ofMinutes(1);

    private final HttpServer server;
    private final ScheduledExecutorService timer;

    private CallbackListener(HttpServer server, ScheduledExecutorService timer) {
        this.server = server;
        this.timer = timer;
    }

    static CallbackListener open(int port, String path, BrowserLogins logins) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
        server.createContext(path, exchange -> answer(exchange, logins));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("codexpool-oauth-callback-timer").factory());
        timer.scheduleWithFixedDelay(logins::expire, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return new CallbackListener(server, timer);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, BrowserLogins logins) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "Method not allowed", "The sign-in callback only answers GET.", null);
                return;
            }
            String url = exchange.getRequestURI().toString();
            String returnTo = null;
            try {
                Map<String, String> query = BrowserLogins.query(url);
                returnTo = logins.returnTo(query.get("state"));
                AccountEnrollment.Enrolled enrolled = logins.completeFromCallback(url);
                send(exchange, 200, "Signed in", enrolled.summary()
                        + ". You can close this tab and return to Codex Pool.", returnTo);
            } catch (LoginFailed e) {
                send(exchange, 400, "Sign-in failed", e.getMessage(), returnTo);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String title, String message, String returnTo)
            throws IOException {
        String link = returnTo == null ? "" : "<p><a href=\"" + escape(returnTo) + "\">Back to Codex Pool</a></p>";
        byte[] body = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head><body><h1>" + escape(title) + "</h1><p>" + escape(message) + "</p>" + link
                + "</body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        timer.shutdownNow();
        server.stop(2); // lets an answer in progress finish

    }
}
