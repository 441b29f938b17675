package io.codexpool.proxy.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakeChatGptBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static FakeChatGptBackend fake;
    private static HttpClient http;

    @BeforeAll
    static void startFake() {
        fake = FakeChatGptBackend.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @AfterEach
    void resetFake() {
        fake.reset();
    }

    // ------------------------------------------------------------------ helpers

    private static HttpRequest.Builder request(String path, String account, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path)).timeout(TIMEOUT);
        if (account != null) {
            b.header("chatgpt-account-id", account);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private static HttpResponse<String> postResponses(String account, String token, String body) throws Exception {
        return http.send(request("/codex/responses", account, token)
                        .header("content-type", "application/json")
                        .header("accept", "text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String account, String token) throws Exception {
        return http.send(request(path, account, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Parses SSE blocks into the JSON of their data lines, checking that event: matches the type. */
    private static List<JsonNode> sse(String body) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            JsonNode n = JSON.readTree(data.toString());
            assertEquals(event, n.path("type").asText(), "event line matches the type");
            out.add(n);
        }
        return out;
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    private static final String BODY = "{\"model\":\"gpt-5.3-codex\",\"stream\":true,\"store\":false,\"input\":[]}";

    // ------------------------------------------------------------------ HTTP

    @Test
    void textStreamArrivesAsSseWithUsageHeaders() throws Exception {
        fake.account("acc-a").usage(12.5, 40).enqueue(Reply.text("Hello world!"));
        HttpResponse<String> res = postResponses("acc-a", "access-acc-a", BODY);

        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        assertEquals("12.5", res.headers().firstValue("x-codex-primary-used-percent").orElseThrow());
        assertEquals("300", res.headers().firstValue("x-codex-primary-window-minutes").orElseThrow());
        assertEquals("40.0", res.headers().firstValue("x-codex-secondary-used-percent").orElseThrow());
        assertEquals("10080", res.headers().firstValue("x-codex-secondary-window-minutes").orElseThrow());
        long reset = Long.parseLong(res.headers().firstValue("x-codex-primary-reset-at").orElseThrow());
        assertTrue(reset > Instant.now().getEpochSecond());
        assertEquals("false", res.headers().firstValue("x-codex-credits-has-credits").orElseThrow());

        List<JsonNode> events = sse(res.body());
        List<String> types = types(events);
        assertEquals("response.created", types.get(0));
        assertEquals("response.in_progress", types.get(1));
        assertEquals("response.completed", types.get(types.size() - 1));
        assertTrue(types.containsAll(List.of("response.output_item.added", "response.content_part.added",
                "response.output_text.done", "response.content_part.done", "response.output_item.done")));
        String text = events.stream().filter(e -> e.path("type").asText().equals("response.output_text.delta"))
                .map(e -> e.path("delta").asText()).reduce("", String::concat);
        assertEquals("Hello world!", text);
        assertEquals(3, types.stream().filter("response.output_text.delta"::equals).count());
        assertEquals("gpt-5.3-codex", events.get(0).path("response").path("model").asText());
        JsonNode done = events.get(events.size() - 1).path("response");
        assertEquals("gpt-5.3-codex", done.path("model").asText());
        assertEquals(12, done.path("usage").path("input_tokens").asInt());
        assertEquals(4, done.path("usage").path("input_tokens_details").path("cached_tokens").asInt());
        assertEquals(5, done.path("usage").path("output_tokens").asInt());
        assertEquals(2, done.path("usage").path("output_tokens_details").path("reasoning_tokens").asInt());
        assertEquals(17, done.path("usage").path("total_tokens").asInt());

        RecordedRequest r = fake.takeRequest(TIMEOUT);
        assertNotNull(r);
        assertEquals("POST", r.method());
        assertEquals("/backend-api/codex/responses", r.path());
        assertEquals("acc-a", r.accountId());
        assertEquals("http", r.transport());
        assertEquals("Bearer access-acc-a", r.header("AUTHORIZATION"));
        assertEquals("gpt-5.3-codex", r.json().path("model").asText());
        assertEquals(1, fake.account("acc-a").responseCount());
        assertEquals(1, fake.requests("acc-a", "/codex/responses").size());
        assertNull(fake.takeRequest(Duration.ofMillis(1)));
    }

    @Test
    void worksWithTheDefaultHttp2Client() throws Exception {
        HttpClient h2 = HttpClient.newHttpClient();
        HttpResponse<String> res = h2.send(request("/codex/responses", "acc-a", "access-acc-a")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode());
        assertEquals("response.completed", types(sse(res.body())).getLast());
    }

    @Test
    void defaultReplyGreetsTheAccount() throws Exception {
        HttpResponse<String> res = postResponses("acc-z", "access-acc-z", BODY);
        String text = sse(res.body()).stream().map(e -> e.path("delta").asText("")).reduce("", String::concat);
        assertEquals("Hello from acc-z", text);
    }

    @Test
    void wrongTokenGets401() throws Exception {
        HttpResponse<String> res = postResponses("acc-a", "nope", BODY);
        assertEquals(401, res.statusCode());
        assertEquals("token_expired", JSON.readTree(res.body()).path("error").path("code").asText());
        fake.account("acc-b").accessToken("custom");
        assertEquals(401, get("/wham/usage", "acc-b", "access-acc-b").statusCode());
        assertEquals(200, get("/wham/usage", "acc-b", "custom").statusCode());
    }

    @Test
    void usageLimitReachedAndOtherErrors() throws Exception {
        Instant resetsAt = Instant.now().plusSeconds(3600);
        fake.account("acc-a").enqueue(Reply.usageLimitReached(resetsAt), Reply.serverError(),
                Reply.failedInFirstEvent("insufficient_quota"));

        HttpResponse<String> res = postResponses("acc-a", "access-acc-a", BODY);
        assertEquals(429, res.statusCode());
        assertTrue(res.headers().firstValue("x-codex-primary-used-percent").isPresent());
        JsonNode err = JSON.readTree(res.body()).path("error");
        assertEquals("usage_limit_reached", err.path("type").asText());
        assertEquals("usage_limit_reached", err.path("code").asText());
        assertEquals("plus", err.path("plan_type").asText());
        assertEquals(resetsAt.getEpochSecond(), err.path("resets_at").asLong());
        assertTrue(Math.abs(err.path("resets_in_seconds").asLong() - 3600) <= 2);

        res = postResponses("acc-a", "access-acc-a", BODY);
        assertEquals(500, res.statusCode());
        assertEquals("server_error", JSON.readTree(res.body()).path("error").path("code").asText());

        res = postResponses("acc-a", "access-acc-a", BODY);
        assertEquals(200, res.statusCode());
        List<JsonNode> events = sse(res.body());
        assertEquals("response.failed", events.get(0).path("type").asText());
        assertEquals("insufficient_quota", events.get(0).path("response").path("error").path("code").asText());
        assertEquals(3, fake.account("acc-a").responseCount());
    }

    @Test
    void cutAfterEndsWithoutTerminalEvent() throws Exception {
        fake.account("acc-a").enqueue(Reply.text("abcdefghijkl").cutAfter(5));
        HttpResponse<String> res = postResponses("acc-a", "access-acc-a", BODY);
        assertEquals(200, res.statusCode());
        List<String> types = types(sse(res.body()));
        assertEquals(5, types.size());
        assertFalse(types.stream().anyMatch(Reply.TERMINAL::contains));
    }

    @Test
    void eventsAreFlushedOneAtATime() throws Exception {
        fake.account("acc-a").enqueue(Reply.text("abcdefgh").stallAfter(2));
        HttpResponse<Stream<String>> res = http.send(request("/codex/responses", "acc-a", "access-acc-a")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, res.statusCode());
        List<String> dataLines = new ArrayList<>();
        Iterator<String> lines = res.body().iterator();
        while (dataLines.size() < 2 && lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data: ")) {
                dataLines.add(line);
            }
        }
        assertEquals(2, dataLines.size(), "two events arrive while the stream stalls");
        fake.reset(); // releases the stall: the stream ends without a terminal event
        List<String> rest = new ArrayList<>();
        lines.forEachRemaining(rest::add);
        assertTrue(rest.stream().noneMatch(l -> l.contains("response.completed")));
    }

    @Test
    void stallAfterZeroHangsBeforeTheResponseUntilReset() throws Exception {
        fake.account("acc-a").enqueue(Reply.text("abc").stallAfter(0));
        CompletableFuture<HttpResponse<String>> f = http.sendAsync(request("/codex/responses", "acc-a", "access-acc-a")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
        assertNotNull(fake.takeRequest(TIMEOUT));
        assertThrows(TimeoutException.class, () -> f.get(200, TimeUnit.MILLISECONDS));
        fake.reset();
        HttpResponse<String> res = f.get(10, TimeUnit.SECONDS);
        assertEquals(200, res.statusCode());
        assertEquals("", res.body());
    }

    @Test
    void largeEventArrivesIntact() throws Exception {
        int size = 3 * 1024 * 1024;
        fake.account("acc-a").enqueue(Reply.text("pic").withLargeEvent(size));
        HttpResponse<String> res = postResponses("acc-a", "access-acc-a", BODY);
        List<JsonNode> events = sse(res.body());
        List<String> types = types(events);
        assertEquals("response.completed", types.get(types.size() - 1));
        JsonNode big = events.get(types.size() - 2);
        assertEquals("response.image_generation_call.partial_image", big.path("type").asText());
        String b64 = big.path("partial_image_b64").asText();
        assertTrue(Math.abs(JSON.writeValueAsString(big).length() - size) < 100);
        assertEquals(Reply.largePayload(b64.length()), b64);
    }

    @Test
    void eventsReplyAndDelay() throws Exception {
        fake.account("acc-a").enqueue(Reply.events("{\"type\":\"response.created\",\"response\":{\"id\":\"r\"}}",
                "{\"type\":\"response.completed\",\"response\":{\"id\":\"r\"}}").delayBetweenEvents(Duration.ofMillis(20)));
        List<String> types = types(sse(postResponses("acc-a", "access-acc-a", BODY).body()));
        assertEquals(List.of("response.created", "response.completed"), types);
    }

    @Test
    void compactDefaultAndScripted() throws Exception {
        HttpResponse<String> res = http.send(request("/codex/responses/compact", "acc-a", "access-acc-a")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5.4\",\"input\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        assertTrue(res.headers().firstValue("x-codex-secondary-used-percent").isPresent());
        JsonNode body = JSON.readTree(res.body());
        assertTrue(body.path("id").asText().startsWith("cmp_"));
        assertEquals("response.compaction", body.path("object").asText());
        assertEquals("compaction", body.path("output").get(0).path("type").asText());
        assertFalse(body.path("output").get(0).path("encrypted_content").asText().isEmpty());
        assertTrue(body.path("usage").path("input_tokens").isInt());
        assertEquals(0, fake.account("acc-a").responseCount());
        assertEquals(1, fake.requests("acc-a", "/codex/responses/compact").size());
        assertEquals(0, fake.requests("acc-a", "/codex/responses").size());

        fake.account("acc-a").enqueueCompact(Reply.serverError());
        res = http.send(request("/codex/responses/compact", "acc-a", "access-acc-a")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(500, res.statusCode());
    }

    @Test
    void whamUsageReflectsScriptedState() throws Exception {
        Instant p = Instant.now().plusSeconds(1800);
        Instant s = Instant.now().plusSeconds(200000);
        fake.account("acc-a").planType("pro").usage(12.5, 40).primaryResetAt(p).secondaryResetAt(s);
        HttpResponse<String> res = get("/wham/usage", "acc-a", "access-acc-a");
        assertEquals(200, res.statusCode());
        JsonNode u = JSON.readTree(res.body());
        assertEquals("pro", u.path("plan_type").asText());
        JsonNode pw = u.path("rate_limit").path("primary_window");
        assertEquals(12.5, pw.path("used_percent").asDouble());
        assertEquals(18000, pw.path("limit_window_seconds").asInt());
        assertEquals(p.getEpochSecond(), pw.path("reset_at").asLong());
        assertTrue(Math.abs(pw.path("reset_after_seconds").asLong() - 1800) <= 2);
        JsonNode sw = u.path("rate_limit").path("secondary_window");
        assertEquals(40.0, sw.path("used_percent").asDouble());
        assertEquals(604800, sw.path("limit_window_seconds").asInt());
        assertEquals(s.getEpochSecond(), sw.path("reset_at").asLong());
        assertFalse(u.path("credits").path("has_credits").asBoolean(true));
        assertEquals("0", u.path("credits").path("balance").asText());

        fake.account("acc-a").usageEndpoint(502);
        assertEquals(502, get("/wham/usage", "acc-a", "access-acc-a").statusCode());
    }

    @Test
    void modelsPerPlan() throws Exception {
        HttpResponse<String> res = get("/codex/models?client_version=0.169.0", "acc-a", "access-acc-a");
        assertEquals(200, res.statusCode());
        JsonNode models = JSON.readTree(res.body()).path("models");
        List<String> slugs = new ArrayList<>();
        models.forEach(m -> slugs.add(m.path("slug").asText()));
        assertEquals(List.of("gpt-5.4", "gpt-5.4-mini", "gpt-5.3-codex"), slugs);
        assertTrue(models.get(0).path("prefer_websockets").asBoolean());
        assertFalse(models.get(2).path("prefer_websockets").asBoolean(true));
        assertTrue(models.get(2).path("supported_in_api").asBoolean());
        assertFalse(models.get(1).path("display_name").asText().isEmpty());
        assertEquals("/backend-api/codex/models?client_version=0.169.0", fake.takeRequest(TIMEOUT).path());

        fake.models("free", "gpt-5.4-mini");
        fake.account("acc-free").planType("free");
        models = JSON.readTree(get("/codex/models", "acc-free", "access-acc-free").body()).path("models");
        assertEquals(1, models.size());
        assertEquals("gpt-5.4-mini", models.get(0).path("slug").asText());
    }

    // ------------------------------------------------------------------ OAuth

    private static HttpResponse<String> refresh(String refreshToken) throws Exception {
        String body = "{\"grant_type\":\"refresh_token\",\"client_id\":\"" + FakeOAuth.CLIENT_ID
                + "\",\"refresh_token\":\"" + refreshToken + "\",\"scope\":\"openid profile email\"}";
        return http.send(HttpRequest.newBuilder(URI.create(fake.authBaseUrl() + "/oauth/token"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode jwtPayload(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length);
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    @Test
    void refreshRotatesAndUpdatesTheExpectedAccessToken() throws Exception {
        fake.oauth().issueFor("acc-a", "a@example.com", "team");
        HttpResponse<String> res = refresh("refresh-acc-a");
        assertEquals(200, res.statusCode());
        JsonNode t = JSON.readTree(res.body());
        String access = t.path("access_token").asText();
        String rotated = t.path("refresh_token").asText();
        assertNotEquals("refresh-acc-a", rotated);
        assertTrue(t.path("expires_in").asInt() > 0);
        JsonNode claims = jwtPayload(t.path("id_token").asText());
        assertEquals("a@example.com", claims.path("email").asText());
        assertEquals("acc-a", claims.path("https://api.openai.com/auth").path("chatgpt_account_id").asText());
        assertEquals("team", claims.path("https://api.openai.com/auth").path("chatgpt_plan_type").asText());
        assertEquals(1, fake.oauth().refreshCount());
        assertEquals("refresh-acc-a", fake.oauth().lastRefreshToken());

        assertEquals(access, fake.account("acc-a").accessToken());
        assertEquals(401, postResponses("acc-a", "access-acc-a", BODY).statusCode());
        assertEquals(200, postResponses("acc-a", access, BODY).statusCode());

        // the old refresh token was rotated away
        res = refresh("refresh-acc-a");
        assertEquals(401, res.statusCode());
        assertEquals("refresh_token_reused", JSON.readTree(res.body()).path("error").path("code").asText());
        assertEquals(200, refresh(rotated).statusCode());

        fake.oauth().refreshError("refresh_token_expired");
        res = refresh("whatever");
        assertEquals(401, res.statusCode());
        assertEquals("refresh_token_expired", JSON.readTree(res.body()).path("error").path("code").asText());
        assertEquals(4, fake.oauth().refreshCount());
    }

    @Test
    void authorizeRedirectAndCodeExchange() throws Exception {
        fake.oauth().issueFor("acc-new", "new@example.com", "pro");
        String redirect = "http://localhost:1455/auth/callback";
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(fake.authBaseUrl()
                + "/oauth/authorize?response_type=code&client_id=" + FakeOAuth.CLIENT_ID + "&redirect_uri="
                + java.net.URLEncoder.encode(redirect, StandardCharsets.UTF_8) + "&state=st4te")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, res.statusCode());
        String location = res.headers().firstValue("location").orElseThrow();
        assertTrue(location.startsWith(redirect + "?code="), location);
        assertTrue(location.endsWith("&state=st4te"), location);
        String code = location.substring(location.indexOf("code=") + 5, location.indexOf("&state"));

        String form = "grant_type=authorization_code&code=" + code + "&code_verifier=v&redirect_uri="
                + java.net.URLEncoder.encode(redirect, StandardCharsets.UTF_8) + "&client_id=" + FakeOAuth.CLIENT_ID;
        res = http.send(HttpRequest.newBuilder(URI.create(fake.authBaseUrl() + "/oauth/token"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode());
        JsonNode t = JSON.readTree(res.body());
        assertEquals("new@example.com", jwtPayload(t.path("id_token").asText()).path("email").asText());
        assertEquals(t.path("access_token").asText(), fake.account("acc-new").accessToken());
        assertEquals("code_verifier=v", fake.requests().get(1).body().split("&")[2]);
    }

    @Test
    void deviceCodePendsThenIssuesTokens() throws Exception {
        fake.oauth().issueFor("acc-dev", "dev@example.com", "plus").devicePendingPolls(2);
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(fake.authBaseUrl()
                        + "/api/accounts/deviceauth/usercode")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_id\":\"" + FakeOAuth.CLIENT_ID + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode uc = JSON.readTree(res.body());
        assertFalse(uc.path("device_auth_id").asText().isEmpty());
        assertFalse(uc.path("user_code").asText().isEmpty());
        assertEquals(1, uc.path("interval").asInt());
        HttpRequest poll = HttpRequest.newBuilder(URI.create(fake.authBaseUrl() + "/api/accounts/deviceauth/token"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"device_auth_id\":\"" + uc.path("device_auth_id").asText()
                        + "\",\"user_code\":\"" + uc.path("user_code").asText() + "\"}")).build();
        for (int i = 0; i < 2; i++) {
            res = http.send(poll, HttpResponse.BodyHandlers.ofString());
            assertEquals(403, res.statusCode());
            assertEquals("authorization_pending", JSON.readTree(res.body()).path("error").path("code").asText());
        }
        res = http.send(poll, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode());
        JsonNode t = JSON.readTree(res.body());
        assertFalse(t.path("access_token").asText().isEmpty());
        assertFalse(t.path("authorization_code").asText().isEmpty());
        fake.oauth().deviceExpired(true);
        res = http.send(poll, HttpResponse.BodyHandlers.ofString());
        assertEquals("expired_token", JSON.readTree(res.body()).path("error").path("code").asText());
    }

    @Test
    void idTokenHelper() throws Exception {
        JsonNode claims = jwtPayload(FakeOAuth.idToken("acc-x", "x@example.com", "enterprise"));
        assertEquals("x@example.com", claims.path("email").asText());
        assertEquals("enterprise", claims.path("https://api.openai.com/auth").path("chatgpt_plan_type").asText());
    }

    // ------------------------------------------------------------------ WebSocket

    /** Collects whole text messages. */
    private static final class Frames implements WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        JsonNode next() throws Exception {
            String m = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(m, "a frame arrives in time");
            return JSON.readTree(m);
        }

        /** Frames up to and including the terminal event. */
        List<JsonNode> turn() throws Exception {
            List<JsonNode> out = new ArrayList<>();
            while (true) {
                JsonNode n = next();
                out.add(n);
                String type = n.path("type").asText();
                if (Reply.TERMINAL.contains(type) || type.equals("error")) {
                    return out;
                }
            }
        }
    }

    private static CompletableFuture<WebSocket> connect(String account, String token, Frames frames) {
        return http.newWebSocketBuilder()
                .header("chatgpt-account-id", account)
                .header("Authorization", "Bearer " + token)
                .header("OpenAI-Beta", "responses_websockets=2026-02-06")
                .connectTimeout(TIMEOUT)
                .buildAsync(URI.create(fake.webSocketUrl()), frames);
    }

    @Test
    void webSocketTurnsAreAnsweredWithFrames() throws Exception {
        fake.account("acc-w").usage(33, 44).enqueue(Reply.text("over ws"), Reply.usageLimitReached(Instant.now()
                .plusSeconds(60)), Reply.text("big").withLargeEvent(3 * 1024 * 1024));
        Frames frames = new Frames();
        WebSocket ws = connect("acc-w", "access-acc-w", frames).get(10, TimeUnit.SECONDS);

        // prewarm
        ws.sendText("{\"type\":\"response.create\",\"model\":\"gpt-5.4\",\"generate\":false,\"input\":[]}", true).join();
        List<JsonNode> turn = frames.turn();
        assertEquals(List.of("codex.rate_limits", "response.created", "response.completed"), types(turn));
        assertEquals(0, turn.get(2).path("response").path("usage").path("total_tokens").asInt(-1));
        assertEquals(0, fake.account("acc-w").responseCount());

        // a real turn, with a large client frame
        String pad = "x".repeat(5 * 1024 * 1024);
        ws.sendText("{\"type\":\"response.create\",\"model\":\"gpt-5.4\",\"input\":[],\"pad\":\"" + pad + "\"}", true)
                .join();
        turn = frames.turn();
        JsonNode rl = turn.get(0);
        assertEquals("codex.rate_limits", rl.path("type").asText());
        assertEquals(33.0, rl.path("rate_limits").path("primary").path("used_percent").asDouble());
        assertEquals(300, rl.path("rate_limits").path("primary").path("window_minutes").asInt());
        assertEquals(44.0, rl.path("rate_limits").path("secondary").path("used_percent").asDouble());
        assertEquals(10080, rl.path("rate_limits").path("secondary").path("window_minutes").asInt());
        assertTrue(rl.path("rate_limits").path("secondary").path("reset_at").asLong() > 0);
        assertEquals("response.created", turn.get(1).path("type").asText());
        assertEquals("gpt-5.4", turn.get(turn.size() - 1).path("response").path("model").asText());
        String text = turn.stream().map(e -> e.path("delta").asText("")).reduce("", String::concat);
        assertEquals("over ws", text);

        // an error reply as an error frame, the socket stays usable
        ws.sendText("{\"type\":\"response.create\",\"model\":\"gpt-5.4\",\"input\":[]}", true).join();
        turn = frames.turn();
        JsonNode err = turn.get(turn.size() - 1);
        assertEquals("error", err.path("type").asText());
        assertEquals(429, err.path("status").asInt());
        assertEquals("usage_limit_reached", err.path("error").path("code").asText());

        // a 3 MiB event frame
        ws.sendText("{\"type\":\"response.create\",\"model\":\"gpt-5.4\",\"input\":[]}", true).join();
        turn = frames.turn();
        JsonNode big = turn.get(turn.size() - 2);
        assertEquals("response.image_generation_call.partial_image", big.path("type").asText());
        String b64 = big.path("partial_image_b64").asText();
        assertTrue(b64.length() > 3 * 1024 * 1024 - 200);
        assertEquals(Reply.largePayload(b64.length()), b64);

        assertEquals(3, fake.account("acc-w").responseCount());
        List<RecordedRequest> recorded = fake.requests("acc-w", "/codex/responses");
        assertEquals(4, recorded.size());
        assertTrue(recorded.stream().allMatch(r -> r.transport().equals("websocket")));
        assertEquals(pad, recorded.get(1).json().path("pad").asText());
        assertEquals("responses_websockets=2026-02-06", recorded.get(1).header("openai-beta"));
        assertEquals(1, fake.webSocketHandshakes().size());
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void aResponseIsContinuedOnlyOnTheSocketThatProducedItAndNeverOverHttp() throws Exception {
        Frames first = new Frames();
        WebSocket one = connect("acc-w", "access-acc-w", first).get(10, TimeUnit.SECONDS);
        one.sendText("{\"type\":\"response.create\",\"model\":\"gpt-5.4\",\"generate\":false,\"input\":[]}", true)
                .join();
        String prewarm = first.turn().getLast().path("response").path("id").asText();
        String continuing = "{\"type\":\"response.create\",\"model\":\"gpt-5.4\",\"previous_response_id\":\""
                + prewarm + "\",\"input\":[]}";
        one.sendText(continuing, true).join();
        assertEquals("response.completed", first.turn().getLast().path("type").asText(), "a prewarm counts");

        Frames second = new Frames();
        WebSocket two = connect("acc-w", "access-acc-w", second).get(10, TimeUnit.SECONDS);
        two.sendText(continuing, true).join();
        JsonNode error = second.turn().getLast();
        assertEquals("error", error.path("type").asText());
        assertEquals(400, error.path("status").asInt());
        assertEquals("previous_response_not_found", error.path("error").path("code").asText());
        assertEquals("previous_response_id", error.path("error").path("param").asText());

        HttpResponse<String> overHttp = postResponses("acc-w", "access-acc-w", continuing);
        assertEquals(400, overHttp.statusCode());
        assertEquals("previous_response_not_found", JSON.readTree(overHttp.body()).path("error").path("code").asText());
        assertEquals(0, fake.account("acc-w").pendingReplies());
        assertEquals(1, fake.account("acc-w").responseCount(), "refused continuations use no scripted reply");
        one.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        two.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void webSocketCutClosesTheSocket() throws Exception {
        fake.account("acc-w").enqueue(Reply.text("abcdefgh").cutAfter(3));
        Frames frames = new Frames();
        WebSocket ws = connect("acc-w", "access-acc-w", frames).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"response.create\",\"model\":\"gpt-5.4\",\"input\":[]}", true).join();
        assertEquals("codex.rate_limits", frames.next().path("type").asText());
        for (int i = 0; i < 3; i++) {
            assertFalse(Reply.TERMINAL.contains(frames.next().path("type").asText()));
        }
        assertEquals(1011, frames.closed.get(10, TimeUnit.SECONDS));
        assertNull(frames.messages.poll());
    }

    @Test
    void webSocketRefusedWith426AndWrongTokenWith401() {
        fake.refuseWebSocket(true);
        CompletionException e = assertThrows(CompletionException.class, () -> connect("acc-w", "access-acc-w",
                new Frames()).join());
        WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(426, h.getResponse().statusCode());

        fake.refuseWebSocket(false);
        e = assertThrows(CompletionException.class, () -> connect("acc-w", "bad", new Frames()).join());
        h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(401, h.getResponse().statusCode());
        assertEquals(2, fake.webSocketHandshakes().size());
        assertTrue(fake.requests().isEmpty());
    }
}
