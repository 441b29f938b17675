package io.codexpool.proxy.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.webserver.websocket.WsUpgrader;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A fake ChatGPT backend (Codex upstream + OpenAI auth server) for integration tests: a real HTTP/WebSocket server on
 * 127.0.0.1 speaking the upstream protocol of {@code upstream-protocol.md}, scriptable per account.
 *
 * <pre>{@code
 * try (FakeChatGptBackend fake = FakeChatGptBackend.start()) {
 *     fake.account("acc-a").usage(10, 20).enqueue(Reply.usageLimitReached(Instant.now().plusSeconds(3600)));
 *     // point the proxy's upstream base URL at fake.baseUrl(), its auth base URL at fake.authBaseUrl()
 *     RecordedRequest r = fake.takeRequest(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class FakeChatGptBackend implements AutoCloseable {

    static final String BACKEND = "/backend-api";
    static final String AUTH = "/auth";
    static final String WS_PATH = BACKEND + "/codex/responses";
    static final int MAX_FRAME = 64 * 1024 * 1024;
    private static final String TOKEN_EXPIRED =
            "{\"error\":{\"message\":\"token expired\",\"type\":\"invalid_request_error\",\"code\":\"token_expired\"}}";
    private static final List<String> DEFAULT_MODELS = List.of("gpt-5.4", "gpt-5.4-mini", "gpt-5.3-codex");

    private final Map<String, FakeAccount> accounts = new ConcurrentHashMap<>();
    private final List<RecordedRequest> recorded = Collections.synchronizedList(new ArrayList<>());
    private final List<RecordedRequest> handshakes = Collections.synchronizedList(new ArrayList<>());
    private final LinkedBlockingQueue<RecordedRequest> queue = new LinkedBlockingQueue<>();
    private final Map<String, List<String>> planModels = new ConcurrentHashMap<>();
    private final Map<String, Boolean> preferWebSockets = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final FakeOAuth oauth = new FakeOAuth(this);
    private volatile boolean refuseWebSocket;
    /** Upstream sockets open right now, by account: a socket the proxy forgot stays here. */
    private final Map<Socket, String> openSockets = new ConcurrentHashMap<>();
    private final List<String> openedSockets = Collections.synchronizedList(new ArrayList<>());
    /**
     * The upstream socket each response was produced on. Requests go up with {@code store: false}, so a response is
     * remembered only there: a {@code previous_response_id} on any other socket, or over HTTP, is not found.
     */
    private final Map<String, Socket> chainOwners = new ConcurrentHashMap<>();
    private volatile CountDownLatch handshakeGate;
    private volatile CountDownLatch usageGate;
    /** Streams over HTTP stop after this many events until {@link #resumeStreams()}; -1: never. */
    private volatile int pauseStreamsAfter = -1;
    private volatile CountDownLatch streamsResumed = new CountDownLatch(0);
    private final AtomicInteger pausedStreams = new AtomicInteger();
    private volatile CountDownLatch release = new CountDownLatch(1);
    private volatile WebServer server;

    private FakeChatGptBackend() {
    }

    /** Starts a server on 127.0.0.1 and a free port. */
    public static FakeChatGptBackend start() {
        FakeChatGptBackend fake = new FakeChatGptBackend();
        WsConfig wsConfig = WsConfig.builder().name("websocket").maxFrameLength(MAX_FRAME).build();
        fake.server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownGracePeriod(Duration.ofMillis(200))
                // An explicit HTTP/1 selector with Helidon's SE WebSocket upgrader: the MP Tyrus upgrader on the
                // class path would otherwise claim "websocket" upgrades and decline them (no Tyrus endpoints here).
                .protocolsDiscoverServices(false)
                .addProtocol(wsConfig)
                .addConnectionSelector(Http1ConnectionSelector.builder()
                        .config(Http1Config.create())
                        .putUpgrader("websocket", WsUpgrader.create(wsConfig))
                        .build())
                .routing(r -> r.any(fake::handleHttp))
                .addRouting(WsRouting.builder().endpoint(WS_PATH, () -> fake.new Socket()))
                .build()
                .start();
        return fake;
    }

    public int port() {
        return server.port();
    }

    /** The upstream base URL, {@code http://127.0.0.1:PORT/backend-api}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + BACKEND;
    }

    /** The WebSocket URL of the responses endpoint, {@code ws://127.0.0.1:PORT/backend-api/codex/responses}. */
    public String webSocketUrl() {
        return "ws://127.0.0.1:" + port() + WS_PATH;
    }

    /** The OAuth base URL, {@code http://127.0.0.1:PORT/auth}. */
    public String authBaseUrl() {
        return "http://127.0.0.1:" + port() + AUTH;
    }

    /** Get or create the scripting handle of one account. */
    public FakeAccount account(String chatgptAccountId) {
        return accounts.computeIfAbsent(chatgptAccountId, FakeAccount::new);
    }

    /** Everything received (HTTP requests and WebSocket turns; not WebSocket handshakes), in arrival order. */
    public List<RecordedRequest> requests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    /** Requests of one account whose path (without query) ends with the suffix, e.g. {@code ("acc-a", "/codex/responses")}. */
    /**
     * The Responses turns seen (HTTP POSTs and WebSocket frames), without the usage polls and model lists the service
     * fetches in the background meanwhile.
     */
    public List<RecordedRequest> turns() {
        return requests(null, "/codex/responses");
    }

    public List<RecordedRequest> requests(String chatgptAccountId, String pathSuffix) {
        return requests().stream()
                .filter(r -> chatgptAccountId == null || chatgptAccountId.equals(r.accountId()))
                .filter(r -> pathSuffix == null || r.pathWithoutQuery().endsWith(pathSuffix))
                .toList();
    }

    /** WebSocket upgrade requests (accepted or refused), in arrival order. */
    public List<RecordedRequest> webSocketHandshakes() {
        synchronized (handshakes) {
            return List.copyOf(handshakes);
        }
    }

    /** The next recorded request (FIFO, blocking), or null on timeout. */
    public RecordedRequest takeRequest(Duration timeout) {
        try {
            return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public FakeOAuth oauth() {
        return oauth;
    }

    /** When true, WebSocket upgrades are answered with HTTP 426. */
    public void refuseWebSocket(boolean refuse) {
        this.refuseWebSocket = refuse;
    }

    /** Restrict the model slugs a plan sees on {@code GET /codex/models} (default: all of gpt-5.4, gpt-5.4-mini, gpt-5.3-codex). */
    public FakeChatGptBackend models(String planType, String... slugs) {
        planModels.put(planType, List.of(slugs));
        return this;
    }

    /**
     * WebSocket sockets of this account that are open now (handshake done, not yet closed or broken). Helidon tells a
     * listener nothing when the peer drops the connection without a close frame (as {@code WebSocket.abort()} does),
     * so each socket is probed with a ping: the first write after the drop may still pass, a later one fails. Callers
     * poll this until it reaches what they expect.
     */
    public int openWebSockets(String chatgptAccountId) {
        openSockets.keySet().forEach(Socket::probe);
        return (int) openSockets.values().stream().filter(chatgptAccountId::equals).count();
    }

    /** Closes this account's open WebSocket sockets from the server side (1001), as upstream does to idle ones. */
    public void closeWebSockets(String chatgptAccountId) {
        openSockets.forEach((socket, account) -> {
            if (account.equals(chatgptAccountId)) {
                socket.closeFromServer();
            }
        });
    }

    /** WebSocket sockets of this account opened since the last {@link #reset()}, closed or not. */
    public int webSocketsOpened(String chatgptAccountId) {
        synchronized (openedSockets) {
            return (int) openedSockets.stream().filter(chatgptAccountId::equals).count();
        }
    }

    /**
     * Holds each WebSocket upgrade, once recorded, until {@link #releaseWebSocketHandshakes()} or {@link #reset()}:
     * the proxy is then waiting in its connect.
     */
    public void holdWebSocketHandshakes() {
        handshakeGate = new CountDownLatch(1);
    }

    public void releaseWebSocketHandshakes() {
        CountDownLatch gate = handshakeGate;
        handshakeGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Overrides a model's {@code prefer_websockets} flag (default: true for gpt-5.4 and gpt-5.4-*). */
    public FakeChatGptBackend preferWebSockets(String slug, boolean prefers) {
        preferWebSockets.put(slug, prefers);
        return this;
    }

    /**
     * Holds every {@code GET /wham/usage} until {@code calls} of them have arrived (at most 5 s, then it answers
     * anyway): proves the caller has that many in flight at once.
     */
    public void holdUsageUntilConcurrent(int calls) {
        usageGate = new CountDownLatch(calls);
    }

    /**
     * Every HTTP stream started from now on sends {@code events} events and then waits (at most 2 minutes) for
     * {@link #resumeStreams()} before finishing normally: streams held in flight while a test breaks something.
     */
    public void pauseStreamsAfter(int events) {
        streamsResumed = new CountDownLatch(1);
        pauseStreamsAfter = events;
    }

    /** Lets paused streams finish, and stops pausing new ones. */
    public void resumeStreams() {
        pauseStreamsAfter = -1;
        streamsResumed.countDown();
        pausedStreams.set(0);
    }

    /** Streams waiting in a pause right now. */
    public int pausedStreams() {
        return pausedStreams.get();
    }

    /** Forget accounts, scripts, recordings, OAuth state, model restrictions; release stalled streams. */
    public void reset() {
        releaseStalls();
        accounts.clear();
        synchronized (recorded) {
            recorded.clear();
            queue.clear();
        }
        handshakes.clear();
        usageGate = null;
        resumeStreams();
        openedSockets.clear();
        chainOwners.clear();
        planModels.clear();
        preferWebSockets.clear();
        refuseWebSocket = false;
        releaseWebSocketHandshakes();
        oauth.reset();
    }

    @Override
    public void close() {
        releaseStalls();
        WebServer s = server;
        if (s != null && s.isRunning()) {
            s.stop();
        }
    }

    private void releaseStalls() {
        CountDownLatch old = release;
        release = new CountDownLatch(1);
        old.countDown();
    }

    // ------------------------------------------------------------------------------------------- plumbing

    /** A plain (non-streamed) answer. */
    record Answer(int status, Map<String, String> headers, String body, String contentType) {
        static Answer json(int status, String body) {
            return new Answer(status, Map.of(), body, "application/json");
        }

        Answer withHeaders(Map<String, String> more) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.putAll(more);
            return new Answer(status, h, body, contentType);
        }
    }

    private void record(RecordedRequest r) {
        synchronized (recorded) {
            recorded.add(r);
            queue.add(r);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the backend is closed/reset, the client is gone, or 10 minutes passed. */
    private void awaitRelease(BooleanSupplier clientGone) {
        CountDownLatch latch = release;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        try {
            while (!clientGone.getAsBoolean() && System.nanoTime() < deadline) {
                if (latch.await(50, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitResume(CountDownLatch resumed) {
        pausedStreams.incrementAndGet();
        await(resumed, Duration.ofMinutes(2));
    }

    private void awaitUsageGate() {
        CountDownLatch gate = usageGate;
        if (gate != null) {
            gate.countDown();
            await(gate, Duration.ofSeconds(5));
        }
    }

    private static void await(CountDownLatch latch, Duration atMost) {
        try {
            latch.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitHandshakeGate() {
        CountDownLatch gate = handshakeGate;
        if (gate == null) {
            return;
        }
        try {
            gate.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, String> parseQuery(String q) {
        Map<String, String> m = new LinkedHashMap<>();
        if (q == null || q.isEmpty()) {
            return m;
        }
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            m.putIfAbsent(FakeOAuth.dec(k), FakeOAuth.dec(v));
        }
        return m;
    }

    private static Map<String, List<String>> headerMap(Headers headers) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Header h : headers) {
            m.computeIfAbsent(h.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(h.allValues());
        }
        return m;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String bearer(Map<String, List<String>> headers) {
        String a = first(headers, "authorization");
        if (a == null) {
            return null;
        }
        return a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).trim() : a.trim();
    }

    /** The account a request addresses: its chatgpt-account-id, else the account owning its token, else "default". */
    private FakeAccount resolveAccount(Map<String, List<String>> headers) {
        String id = first(headers, "chatgpt-account-id");
        if (id != null && !id.isBlank()) {
            return account(id);
        }
        String token = bearer(headers);
        for (FakeAccount a : accounts.values()) {
            if (a.tokenMatches(token)) {
                return a;
            }
        }
        return account("default");
    }

    private static String modelOf(JsonNode json) {
        return json == null ? "gpt-5.4" : json.path("model").asText("gpt-5.4");
    }

    /** The request's {@code previous_response_id}, or null. */
    private static String previousResponseId(JsonNode json) {
        JsonNode previous = json == null ? null : json.get("previous_response_id");
        return previous != null && previous.isTextual() && !previous.asText().isBlank() ? previous.asText() : null;
    }

    /** The error object the backend answers for a continuation it does not hold. */
    static ObjectNode previousResponseNotFound(String responseId) {
        ObjectNode error = Reply.JSON.createObjectNode();
        error.put("type", "invalid_request_error");
        error.put("code", "previous_response_not_found");
        error.put("message", "Previous response with id '" + responseId + "' not found.");
        error.put("param", "previous_response_id");
        return error;
    }

    private static boolean isPrewarm(JsonNode json) {
        return json != null && json.path("generate").isBoolean() && !json.get("generate").asBoolean();
    }

    // ------------------------------------------------------------------------------------------- HTTP

    private void handleHttp(ServerRequest req, ServerResponse res) {
        String method = req.prologue().method().text();
        String path = req.path().rawPath();
        String query = req.query().rawValue();
        String full = query == null || query.isEmpty() ? path : path + "?" + query;
        Map<String, List<String>> headers = headerMap(req.headers());
        boolean upgrade = "websocket".equalsIgnoreCase(String.valueOf(first(headers, "upgrade")));
        String body;
        try {
            body = req.content().hasEntity()
                    ? new String(req.content().inputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (upgrade && path.equals(WS_PATH)) {
            // The WebSocket upgrader declined this upgrade (refused or bad token): answer it over plain HTTP.
            send(res, refusedUpgrade(headers));
            return;
        }
        record(new RecordedRequest(method, full, headers, body, "http"));

        if (path.startsWith(AUTH + "/")) {
            send(res, oauth.handle(method, path.substring(AUTH.length()), parseQuery(query),
                    first(headers, "content-type"), body));
            return;
        }
        if (!path.startsWith(BACKEND + "/")) {
            send(res, Answer.json(404, notFound(method, path)));
            return;
        }
        String rel = path.substring(BACKEND.length());
        FakeAccount acc = resolveAccount(headers);
        JsonNode json = Reply.parse(body);
        boolean responses = "POST".equals(method) && rel.equals("/codex/responses");
        if (!acc.tokenMatches(bearer(headers))) {
            if (responses && !isPrewarm(json)) {
                acc.nextReplyCountOnly();
            }
            send(res, Answer.json(401, TOKEN_EXPIRED));
            return;
        }
        Map<String, String> usage = acc.usageHeaders();
        if (responses && previousResponseId(json) != null) {
            ObjectNode error = Reply.JSON.createObjectNode();
            error.set("error", previousResponseNotFound(previousResponseId(json)));
            send(res, Answer.json(400, Reply.write(error)).withHeaders(usage));
        } else if (responses) {
            Reply reply = isPrewarm(json) ? null : acc.nextReply();
            streamHttp(res, acc, reply, modelOf(json));
        } else if ("POST".equals(method) && rel.equals("/codex/responses/compact")) {
            Reply reply = acc.nextCompactReply();
            if (reply == null) {
                send(res, Answer.json(200, compactBody()).withHeaders(usage));
            } else {
                streamHttp(res, acc, reply, modelOf(json));
            }
        } else if ("GET".equals(method) && rel.equals("/wham/usage")) {
            awaitUsageGate();
            if (acc.usageStalled()) {
                awaitRelease(() -> false);
                return;
            }
            int status = acc.usageStatus();
            if (status != 0) {
                String errorBody = acc.usageErrorBody() != null ? acc.usageErrorBody() : status == 401 ? TOKEN_EXPIRED
                        : "{\"error\":{\"message\":\"usage endpoint failed\",\"type\":\"invalid_request_error\","
                        + "\"code\":\"http_" + status + "\"}}";
                send(res, Answer.json(status, errorBody).withHeaders(usage));
            } else {
                send(res, Answer.json(200, acc.usageJson()).withHeaders(usage));
            }
        } else if ("GET".equals(method) && rel.equals("/codex/models")) {
            send(res, Answer.json(200, modelsJson(acc.planType())).withHeaders(usage));
        } else {
            send(res, Answer.json(404, notFound(method, path)));
        }
    }

    private static String notFound(String method, String path) {
        return "{\"error\":{\"message\":\"no such endpoint: " + method + " " + path.replace("\"", "")
                + "\",\"type\":\"invalid_request_error\",\"code\":\"not_found\"}}";
    }

    private Answer refusedUpgrade(Map<String, List<String>> headers) {
        if (refuseWebSocket) {
            return Answer.json(426, "{\"error\":{\"message\":\"websockets are not supported\","
                    + "\"type\":\"invalid_request_error\",\"code\":\"upgrade_required\"}}");
        }
        FakeAccount acc = resolveAccount(headers);
        if (!acc.tokenMatches(bearer(headers))) {
            return Answer.json(401, TOKEN_EXPIRED);
        }
        return Answer.json(400, "{\"error\":{\"message\":\"bad websocket upgrade\",\"type\":\"invalid_request_error\","
                + "\"code\":\"bad_request\"}}");
    }

    private static void send(ServerResponse res, Answer a) {
        res.status(a.status());
        a.headers().forEach(res::header);
        if (a.contentType() != null) {
            res.header("content-type", a.contentType());
        }
        res.send(a.body().getBytes(StandardCharsets.UTF_8));
    }

    private String compactBody() {
        int n = ids.incrementAndGet();
        ObjectNode o = Reply.JSON.createObjectNode();
        o.put("id", "cmp_" + n);
        o.put("object", "response.compaction");
        o.put("created_at", Instant.now().getEpochSecond());
        ArrayNode out = o.putArray("output");
        ObjectNode item = out.addObject();
        item.put("type", "compaction");
        item.put("encrypted_content", "gAAAAA-fake-compaction-" + n);
        o.set("usage", Reply.usage(12, 4, 5, 2));
        return Reply.write(o);
    }

    private String modelsJson(String planType) {
        List<String> slugs = planModels.getOrDefault(planType, DEFAULT_MODELS);
        ObjectNode o = Reply.JSON.createObjectNode();
        ArrayNode models = o.putArray("models");
        int priority = 0;
        for (String slug : slugs) {
            ObjectNode m = models.addObject();
            m.put("slug", slug);
            m.put("display_name", slug);
            m.put("description", "Fake model " + slug);
            m.put("supported_in_api", true);
            m.put("prefer_websockets", preferWebSockets.getOrDefault(slug,
                    slug.equals("gpt-5.4") || slug.startsWith("gpt-5.4-")));
            m.put("visibility", "list");
            m.put("priority", priority++);
            m.put("context_window", 272000);
            m.put("default_reasoning_level", "medium");
        }
        return Reply.write(o);
    }

    private record Plan(String responseId, List<String> events, int limit, boolean cut, boolean stall) {
    }

    private Plan plan(Reply reply, String model) {
        int n = ids.incrementAndGet();
        List<String> events = reply == null
                ? Reply.prewarmEvents(model, "resp_" + n)
                : reply.render(model, "resp_" + n, "msg_" + n);
        int limit = events.size();
        boolean cut = false;
        boolean stall = false;
        if (reply != null && reply.stallAfter >= 0 && reply.stallAfter <= limit) {
            limit = reply.stallAfter;
            stall = true;
        } else if (reply != null && reply.cutAfter >= 0 && reply.cutAfter < limit) {
            limit = reply.cutAfter;
            cut = true;
        }
        return new Plan("resp_" + n, events, limit, cut, stall);
    }

    /** Streams a reply as SSE (or sends a status reply), one flushed event at a time. Null reply = prewarm. */
    private void streamHttp(ServerResponse res, FakeAccount acc, Reply reply, String model) {
        Map<String, String> usage = acc.usageHeaders();
        if (reply != null && reply.isStatus()) {
            send(res, Answer.json(reply.status, reply.body).withHeaders(usage));
            return;
        }
        if (reply != null && reply.isRawSse()) {
            res.status(200);
            usage.forEach(res::header);
            res.header("content-type", "text/event-stream");
            try (OutputStream os = res.outputStream()) {
                os.write(reply.body.getBytes(StandardCharsets.UTF_8));
            } catch (IOException | UncheckedIOException e) {
                // the client went away
            }
            return;
        }
        Plan plan = plan(reply, model);
        res.status(200);
        usage.forEach(res::header);
        res.header("content-type", "text/event-stream");
        res.header("cache-control", "no-cache");
        int pauseAfter = pauseStreamsAfter;
        CountDownLatch resumed = streamsResumed;
        try (OutputStream os = res.outputStream()) {
            // (Helidon sends the status line and headers with the first event: stallAfter(0) hangs before them.)
            for (int i = 0; i < plan.limit(); i++) {
                if (i == pauseAfter && pauseAfter > 0) {
                    awaitResume(resumed);
                }
                if (i > 0 && reply != null && !reply.delay.isZero()) {
                    sleep(reply.delay);
                }
                String e = plan.events().get(i);
                os.write(("event: " + Reply.typeOf(e) + "\ndata: " + e + "\n\n").getBytes(StandardCharsets.UTF_8));
                os.flush();
            }
            if (plan.stall()) {
                awaitRelease(() -> false);
            }
        } catch (IOException | UncheckedIOException e) {
            // the client went away
        }
    }

    // ------------------------------------------------------------------------------------------- WebSocket

    /** One WebSocket connection on {@code /backend-api/codex/responses}. */
    private final class Socket implements WsListener {
        private volatile Map<String, List<String>> headers = Map.of();
        private volatile String path = WS_PATH;
        private volatile String accountId;
        private volatile boolean closed;
        private volatile WsSession session;
        private final StringBuilder partial = new StringBuilder();
        private final ExecutorService turns = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());

        @Override
        public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers upgradeHeaders) throws WsUpgradeException {
            headers = headerMap(upgradeHeaders);
            String full = prologue.uriPath().rawPath()
                    + (prologue.query().rawValue().isEmpty() ? "" : "?" + prologue.query().rawValue());
            path = full;
            handshakes.add(new RecordedRequest("GET", full, headers, "", "websocket"));
            awaitHandshakeGate();
            if (refuseWebSocket) {
                turns.shutdown();
                throw new WsUpgradeException("websocket refused by the test");
            }
            FakeAccount acc = resolveAccount(headers);
            if (!acc.tokenMatches(bearer(headers))) {
                turns.shutdown();
                throw new WsUpgradeException("token expired");
            }
            accountId = acc.id();
            WritableHeaders<?> h = WritableHeaders.create();
            acc.usageHeaders().forEach((k, v) -> h.set(HeaderNames.create(k), v));
            return Optional.of(h);
        }

        @Override
        public void onOpen(WsSession session) {
            this.session = session;
            openSockets.put(this, accountId);
            openedSockets.add(accountId);
        }

        @Override
        public void onMessage(WsSession session, String text, boolean last) {
            String frame;
            synchronized (partial) {
                partial.append(text);
                if (!last) {
                    return;
                }
                frame = partial.toString();
                partial.setLength(0);
            }
            try {
                turns.execute(() -> turn(session, frame));
            } catch (RuntimeException e) {
                // closing
            }
        }

        @Override
        public void onClose(WsSession session, int status, String reason) {
            openSockets.remove(this);
            closed = true;
            turns.shutdown();
        }

        @Override
        public void onError(WsSession session, Throwable t) {
            openSockets.remove(this);
            closed = true;
            turns.shutdown();
        }

        private void send(WsSession session, String text) {
            try {
                session.send(text, true);
            } catch (RuntimeException e) {
                closed = true;
            }
        }

        private void closeFromServer() {
            openSockets.remove(this);
            closed = true;
            try {
                session.close(1001, "closed by the test");
            } catch (RuntimeException e) {
                // already gone
            }
        }

        private void probe() {
            try {
                session.ping(BufferData.empty());
            } catch (RuntimeException e) {
                openSockets.remove(this);
                closed = true;
            }
        }

        private void turn(WsSession session, String frame) {
            if (closed) {
                return;
            }
            FakeAccount acc = account(accountId); // looked up per turn: reset() may have replaced it
            record(new RecordedRequest("WS", path, headers, frame, "websocket"));
            JsonNode json = Reply.parse(frame);
            String previous = previousResponseId(json);
            if (previous != null && chainOwners.get(previous) != this) {
                ObjectNode err = Reply.JSON.createObjectNode();
                err.put("type", "error");
                err.put("status", 400);
                err.set("error", previousResponseNotFound(previous));
                send(session, Reply.write(err));
                return;
            }
            Reply reply = isPrewarm(json) ? null : acc.nextReply();
            try {
                session.send(acc.rateLimitsEvent(), true);
                if (reply != null && reply.isStatus()) {
                    ObjectNode err = Reply.JSON.createObjectNode();
                    err.put("type", "error");
                    err.put("status", reply.status);
                    err.set("error", reply.errorObject());
                    ObjectNode h = err.putObject("headers");
                    acc.usageHeaders().forEach(h::put);
                    session.send(Reply.write(err), true);
                    return;
                }
                Plan plan = plan(reply, modelOf(json));
                chainOwners.put(plan.responseId(), this);
                for (int i = 0; i < plan.limit() && !closed; i++) {
                    if (i > 0 && reply != null && !reply.delay.isZero()) {
                        sleep(reply.delay);
                    }
                    session.send(plan.events().get(i), true);
                }
                if (plan.cut()) {
                    closed = true;
                    session.close(1011, "stream cut by the test");
                } else if (plan.stall()) {
                    awaitRelease(() -> closed);
                }
            } catch (RuntimeException e) {
                closed = true;
            }
        }
    }
}
