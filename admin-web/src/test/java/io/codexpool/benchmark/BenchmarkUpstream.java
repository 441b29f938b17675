package io.codexpool.benchmark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A lean ChatGPT backend on 127.0.0.1 for the benchmark: {@code POST /backend-api/codex/responses} answers with the
 * stream named by the {@code x-bench-stream} header ({@code normal}, {@code large}, {@code stall}, or
 * {@code burst-N} for N deltas without delay), with the usage headers the real backend sends. Unlike the test fake it
 * neither records nor parses anything, so the direct baseline is as cheap as a backend can be.
 */
final class BenchmarkUpstream implements AutoCloseable {
    static final HeaderName SHAPE = HeaderNames.create("x-bench-stream");
    private static final Duration STALL_LIMIT = Duration.ofMinutes(10);

    private final Duration delay;
    private final Map<StreamShape, List<byte[]>> rendered;
    private final byte[] stallEnd = StreamShape.completed(1);
    private final AtomicInteger stalled = new AtomicInteger();
    private final Map<String, String> usageHeaders;
    private volatile CountDownLatch release = new CountDownLatch(1);
    private final WebServer server;

    BenchmarkUpstream(Duration delay) {
        this.delay = delay;
        this.rendered = Map.of(StreamShape.NORMAL, StreamShape.NORMAL.events(),
                StreamShape.LARGE, StreamShape.LARGE.events(), StreamShape.STALL, StreamShape.STALL.events());
        long inOneHour = Instant.now().plusSeconds(3600).getEpochSecond();
        long inFiveDays = Instant.now().plus(Duration.ofDays(5)).getEpochSecond();
        this.usageHeaders = Map.of("x-codex-primary-used-percent", "12.0", "x-codex-primary-window-minutes", "300",
                "x-codex-primary-reset-at", String.valueOf(inOneHour), "x-codex-secondary-used-percent", "30.0",
                "x-codex-secondary-window-minutes", "10080", "x-codex-secondary-reset-at",
                String.valueOf(inFiveDays));
        this.server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownGracePeriod(Duration.ofMillis(200))
                // A real backend sends each event at once; Nagle's algorithm would hold them back for delayed ACKs.
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .routing(routing -> routing
                        .post("/backend-api/codex/responses", this::respond)
                        .any((req, res) -> res.status(404).send("{\"error\":{\"code\":\"not_found\"}}")))
                .build()
                .start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/backend-api";
    }

    int port() {
        return server.port();
    }

    /** Streams stalled right now. */
    int stalled() {
        return stalled.get();
    }

    /** Lets every stalled stream finish with its terminal event. */
    void releaseStalled() {
        CountDownLatch old = release;
        release = new CountDownLatch(1);
        old.countDown();
    }

    @Override
    public void close() {
        releaseStalled();
        server.stop();
    }

    private void respond(ServerRequest req, ServerResponse res) throws IOException {
        req.content().consume();
        String shape = req.headers().first(SHAPE).orElse("normal");
        res.status(200);
        usageHeaders.forEach(res::header);
        res.header("content-type", "text/event-stream");
        res.header("cache-control", "no-cache");
        try (OutputStream out = res.outputStream()) {
            if (shape.startsWith("burst-")) {
                send(out, StreamShape.burst(Integer.parseInt(shape.substring(6))), Duration.ZERO);
            } else if (shape.equals("stall")) {
                stall(out);
            } else {
                send(out, rendered.get(shape.equals("large") ? StreamShape.LARGE : StreamShape.NORMAL), delay);
            }
        } catch (UncheckedIOException | IOException e) {
            // the client went away
        }
    }

    private static void send(OutputStream out, List<byte[]> events, Duration delay) throws IOException {
        for (int i = 0; i < events.size(); i++) {
            if (i > 0 && !delay.isZero()) {
                sleep(delay);
            }
            out.write(events.get(i));
            out.flush();
        }
    }

    private void stall(OutputStream out) throws IOException {
        CountDownLatch latch = release;
        send(out, rendered.get(StreamShape.STALL), Duration.ZERO);
        stalled.incrementAndGet();
        try {
            latch.await(STALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stalled.decrementAndGet();
        }
        out.write(stallEnd);
        out.flush();
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
