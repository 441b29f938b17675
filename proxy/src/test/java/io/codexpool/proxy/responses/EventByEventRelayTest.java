package io.codexpool.proxy.responses;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.codexpool.proxy.api.PostTurnService;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import com.sun.management.HotSpotDiagnosticMXBean;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events reach the client as the upstream sends them, not when the stream ends or a buffer fills. */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
// long enough that only a flushed relay, not the end of the stream, can deliver the first events in time
@AddConfig(key = "codexpool.upstream.idle-timeout-seconds", value = "30")
class EventByEventRelayTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    WebTarget target;
    @Inject
    ProxyTestKit kit;

    @Test
    void firstEventsOfAStalledStreamReachTheClientWhileUpstreamIsSilent() throws Exception {
        String twoEvents = whileStalled(() -> null);
        assertTrue(twoEvents.contains("event: response.created")
                && twoEvents.contains("event: response.in_progress"), twoEvents);
    }

    /** Jersey's server runtime is not on the path of a posted turn: the Helidon route serves it. */
    @Test
    void aPostedTurnIsRelayedByTheHelidonRouteWithoutJerseysServerRuntime() throws Exception {
        List<String> relaying = new ArrayList<>();
        whileStalled(() -> {
            // the server's threads are virtual: only this dump, not Thread.getAllStackTraces, shows them
            Path dump = Path.of("target", "relay-threads-" + System.nanoTime() + ".txt");
            try {
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpThreads(
                        dump.toAbsolutePath().toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
                Arrays.stream(Files.readString(dump).split("\n(?=#\\d+ \")"))
                        .filter(thread -> thread.contains(PostTurnService.class.getName()))
                        .forEach(relaying::add);
            } finally {
                Files.deleteIfExists(dump);
            }
            return null;
        });
        assertFalse(relaying.isEmpty(), "a server thread relays the stalled stream");
        for (String thread : relaying) {
            assertFalse(thread.contains("org.glassfish.jersey.server"), thread);
        }
    }

    /** Reads the first two events of a stream that then stalls, and runs {@code duringStall} before releasing it. */
    private String whileStalled(Callable<Void> duringStall) throws Exception {
        kit.reset(target);
        kit.account("acc-a", 10, 10);
        BACKEND.account("acc-a").enqueue(Reply.text("held back").stallAfter(2));

        HttpRequest request = HttpRequest.newBuilder(target.path("/backend-api/codex/responses").getUri())
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5.4\",\"stream\":true,\"input\":"
                        + "[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
                        + "\"text\":\"hi\"}]}]}"))
                .build();
        try {
            // Two small events (well under any buffer) while the upstream holds the stream open for 30 s.
            String twoEvents = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                    .thenApply(response -> {
                        assertEquals(200, response.statusCode());
                        try (InputStream body = response.body()) {
                            String events = readEvents(body, 2);
                            duringStall.call();
                            return events;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            return twoEvents;
        } finally {
            BACKEND.reset(); // releases the stalled stream
        }
    }

    /** Reads up to {@code events} whole events (each ends with a blank line); never past them. */
    private static String readEvents(InputStream body, int events) throws IOException {
        StringBuilder read = new StringBuilder();
        int seen = 0;
        int next;
        while (seen < events && (next = body.read()) >= 0) {
            read.append((char) next);
            if (read.length() >= 2 && read.charAt(read.length() - 1) == '\n'
                    && read.charAt(read.length() - 2) == '\n') {
                seen++;
            }
        }
        return read.toString();
    }
}
