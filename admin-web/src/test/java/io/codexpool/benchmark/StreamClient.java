package io.codexpool.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * Sends Codex-shaped streaming requests with the JDK HTTP client and times them: time to the first body byte (the
 * first event) and to the end of the stream. A stream counts as good only when it is 200, has the expected length
 * and ends with {@code response.completed}.
 */
final class StreamClient implements AutoCloseable {
    private static final byte[] COMPLETED = "event: response.completed".getBytes(StandardCharsets.US_ASCII);
    private static final String BODY = """
            {"model":"gpt-5.4","instructions":"You are Codex, a coding agent.","stream":true,"store":false,\
            "reasoning":{"effort":"medium"},"input":[%s{"type":"message","role":"user","content":[{"type":"input_text",\
            "text":"Explain what this repository does and list its modules."}]}]}""";
    private static final String EARLIER_TURN = """
            {"type":"message","role":"assistant","content":[{"type":"output_text","text":"%s"}]},""";

    private final HttpClient http;
    private final URI uri;
    private final String requestBody;

    /**
     * @param baseUrl    up to the Codex route's parent, e.g. {@code http://127.0.0.1:2455/backend-api}
     * @param historyKiB size of an earlier turn every request carries; 0 for none
     */
    StreamClient(String baseUrl, int historyKiB) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.uri = URI.create(baseUrl + "/codex/responses");
        this.requestBody = BODY.formatted(historyKiB == 0 ? "" : EARLIER_TURN.formatted("x".repeat(historyKiB * 1024)));
    }

    /** One whole stream of this shape ({@code normal}, {@code large}, {@code burst-N}). */
    StreamTiming stream(String shape, int expectedBytes, Duration timeout) {
        long started = System.nanoTime();
        try (InputStream body = open(shape, timeout)) {
            byte[] buffer = new byte[64 * 1024];
            byte[] tail = new byte[0];
            long firstByte = 0;
            long total = 0;
            int read;
            while ((read = body.read(buffer)) > 0) {
                if (firstByte == 0) {
                    firstByte = System.nanoTime();
                }
                total += read;
                tail = tail(tail, buffer, read);
            }
            long ended = System.nanoTime();
            if (total != expectedBytes || !endsWithCompleted(tail)) {
                return StreamTiming.failed("got " + total + " of " + expectedBytes + " bytes");
            }
            return new StreamTiming(firstByte - started, ended - started, null);
        } catch (IOException | RuntimeException e) {
            return StreamTiming.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StreamTiming.failed("interrupted");
        }
    }

    /** The body of a 200 stream, for callers that hold streams open; non-200 is an IOException. */
    InputStream open(String shape, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("accept", "text/event-stream")
                .header(BenchmarkUpstream.SHAPE.defaultCase(), shape)
                .POST(HttpRequest.BodyPublishers.ofString(requestBody))
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String text = new String(response.body().readNBytes(300), StandardCharsets.UTF_8);
            response.body().close();
            throw new IOException("status " + response.statusCode() + ": " + text);
        }
        return response.body();
    }

    @Override
    public void close() {
        http.close();
    }

    /** The last few bytes seen, enough to find the terminal event's name. */
    private static byte[] tail(byte[] previous, byte[] buffer, int read) {
        int keep = 4096;
        byte[] joined = new byte[Math.min(keep, previous.length + read)];
        int fromBuffer = Math.min(read, joined.length);
        int fromPrevious = joined.length - fromBuffer;
        System.arraycopy(previous, previous.length - fromPrevious, joined, 0, fromPrevious);
        System.arraycopy(buffer, read - fromBuffer, joined, fromPrevious, fromBuffer);
        return joined;
    }

    private static boolean endsWithCompleted(byte[] tail) {
        outer:
        for (int i = tail.length - COMPLETED.length; i >= 0; i--) {
            for (int j = 0; j < COMPLETED.length; j++) {
                if (tail[i + j] != COMPLETED[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** How one stream went: nanoseconds to first byte and to the end, or why it failed. */
    record StreamTiming(long ttfbNanos, long totalNanos, String error) {
        static StreamTiming failed(String error) {
            return new StreamTiming(0, 0, error);
        }

        boolean ok() {
            return error == null;
        }
    }
}
