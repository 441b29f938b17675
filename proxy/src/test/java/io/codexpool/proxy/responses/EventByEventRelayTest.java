package io.codexpool.proxy.responses;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.secrets.TokenCipher;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events reach the client as the upstream sends them, not when the stream ends or a buffer fills. */
@ExtendWith(TestDatabase.class)
@HelidonTest
class EventByEventRelayTest {
    private static final FakeChatGptBackend BACKEND = FakeChatGptBackend.start();

    static {
        System.setProperty("codexpool.upstream.base-url", BACKEND.baseUrl());
        System.setProperty("codexpool.upstream.idle-timeout-seconds", "30");
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    WebTarget target;
    @Inject
    AccountRepository accounts;
    @Inject
    AccountPool pool;
    @Inject
    TokenCipher cipher;

    @AfterAll
    static void stopBackend() {
        BACKEND.close();
        System.clearProperty("codexpool.upstream.base-url");
        System.clearProperty("codexpool.upstream.idle-timeout-seconds");
    }

    @Test
    void firstEventsOfAStalledStreamReachTheClientWhileUpstreamIsSilent() throws Exception {
        Account account = new Account("acc-a@example.com", "acc-a", "plus", Instant.now());
        account.setAccessTokenEncrypted(cipher.encrypt(BACKEND.account("acc-a").accessToken()));
        account.setRefreshTokenEncrypted(cipher.encrypt("refresh-acc-a"));
        accounts.save(account);
        pool.refresh();
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
                            return readEvents(body, 2);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            assertTrue(twoEvents.contains("event: response.created")
                    && twoEvents.contains("event: response.in_progress"), twoEvents);
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
