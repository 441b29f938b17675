package io.codexpool.proxy.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake OpenAI auth server (paths relative to {@link FakeChatGptBackend#authBaseUrl()}): token exchange and refresh,
 * authorize redirect, device code. Scripting and counters. Thread-safe.
 */
public final class FakeOAuth {

    /** Codex's public OAuth client id. */
    public static final String CLIENT_ID = "app_EMoamEEZ73f0CkXaXp7hrann";

    private final FakeChatGptBackend backend;
    private final AtomicInteger counter = new AtomicInteger();

    private String identityAccountId = "acc-oauth";
    private String identityEmail = "user@example.com";
    private String identityPlan = "plus";
    private final Map<String, String[]> identities = new HashMap<>();     // account id -> {email, plan}
    private final Map<String, String> refreshOwners = new HashMap<>();    // live refresh token -> account id
    private final Set<String> usedRefreshTokens = new HashSet<>();
    private final Map<String, String> codeOwners = new HashMap<>();       // authorization code -> account id
    private boolean strictRotation = true;
    private int refreshCount;
    private int exchangeCount;
    private String refreshError;
    private Duration refreshDelay = Duration.ZERO;
    private String lastRefreshToken;
    private int devicePendingPolls;
    private int devicePolls;
    private boolean deviceExpired;
    private int deviceInterval = 1;

    FakeOAuth(FakeChatGptBackend backend) {
        this.backend = backend;
    }

    synchronized void reset() {
        identityAccountId = "acc-oauth";
        identityEmail = "user@example.com";
        identityPlan = "plus";
        identities.clear();
        refreshOwners.clear();
        usedRefreshTokens.clear();
        codeOwners.clear();
        strictRotation = true;
        refreshCount = 0;
        exchangeCount = 0;
        refreshError = null;
        refreshDelay = Duration.ZERO;
        lastRefreshToken = null;
        devicePendingPolls = 0;
        devicePolls = 0;
        deviceExpired = false;
        deviceInterval = 1;
    }

    /** The identity put into tokens issued from now on by code exchange / device code (and default for unknown refresh tokens). */
    public synchronized FakeOAuth issueFor(String chatgptAccountId, String email, String planType) {
        identityAccountId = chatgptAccountId;
        identityEmail = email;
        identityPlan = planType;
        identities.put(chatgptAccountId, new String[] {email, planType});
        backend.account(chatgptAccountId).planType(planType); // the usage endpoint reports the same plan
        return this;
    }

    /** Declares that this refresh token belongs to that account (tokens {@code "refresh-" + id} are recognised anyway). */
    public synchronized FakeOAuth refreshTokenOf(String refreshToken, String chatgptAccountId) {
        refreshOwners.put(refreshToken, chatgptAccountId);
        usedRefreshTokens.remove(refreshToken);
        return this;
    }

    /** When true (default), presenting a refresh token that was already rotated answers 401 {@code refresh_token_reused}. */
    public synchronized FakeOAuth strictRotation(boolean strict) {
        this.strictRotation = strict;
        return this;
    }

    /** Answer refreshes with 401 {@code {"error":{"code":code,...}}}; null = succeed again. */
    public synchronized FakeOAuth refreshError(String code) {
        this.refreshError = code;
        return this;
    }

    /** Wait this long before answering a refresh. */
    public synchronized FakeOAuth refreshDelay(Duration delay) {
        this.refreshDelay = delay == null ? Duration.ZERO : delay;
        return this;
    }

    /** The device token endpoint answers {@code authorization_pending} to this many polls before issuing tokens. */
    public synchronized FakeOAuth devicePendingPolls(int polls) {
        this.devicePendingPolls = polls;
        this.devicePolls = 0;
        return this;
    }

    /** When true the device token endpoint answers {@code expired_token}. */
    public synchronized FakeOAuth deviceExpired(boolean expired) {
        this.deviceExpired = expired;
        return this;
    }

    /** The polling interval (seconds) announced by the user-code endpoint; default 1. */
    public synchronized FakeOAuth deviceInterval(int seconds) {
        this.deviceInterval = seconds;
        return this;
    }

    /** Refresh attempts received (successful or not). */
    public synchronized int refreshCount() {
        return refreshCount;
    }

    /** Authorization-code exchanges received. */
    public synchronized int exchangeCount() {
        return exchangeCount;
    }

    /** Device token polls received. */
    public synchronized int devicePolls() {
        return devicePolls;
    }

    /** The refresh token presented by the last refresh request. */
    public synchronized String lastRefreshToken() {
        return lastRefreshToken;
    }

    /** An unsigned JWT id token ({@code base64url(header).base64url(payload).sig}) with the Codex identity claims. */
    public static String idToken(String chatgptAccountId, String email, String planType) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
        ObjectNode p = Reply.JSON.createObjectNode();
        long now = Instant.now().getEpochSecond();
        p.put("iss", "https://auth.openai.com");
        p.put("aud", CLIENT_ID);
        p.put("sub", "user-" + chatgptAccountId);
        p.put("email", email);
        p.put("email_verified", true);
        p.put("iat", now);
        p.put("exp", now + 3600);
        ObjectNode auth = p.putObject("https://api.openai.com/auth");
        auth.put("chatgpt_account_id", chatgptAccountId);
        auth.put("chatgpt_plan_type", planType);
        auth.put("chatgpt_user_id", "user-" + chatgptAccountId);
        p.putObject("https://api.openai.com/profile").put("email", email);
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(Reply.write(p).getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    // ---------------------------------------------------------------- request handling

    FakeChatGptBackend.Answer handle(String method, String path, Map<String, String> query, String contentType, String body) {
        if ("POST".equals(method) && path.equals("/oauth/token")) {
            return token(contentType, body);
        }
        if ("GET".equals(method) && path.equals("/oauth/authorize")) {
            return authorize(query);
        }
        if ("POST".equals(method) && path.equals("/api/accounts/deviceauth/usercode")) {
            return userCode();
        }
        if ("POST".equals(method) && path.equals("/api/accounts/deviceauth/token")) {
            return deviceToken();
        }
        return FakeChatGptBackend.Answer.json(404, error("not_found", "no such endpoint: " + method + " " + path));
    }

    private FakeChatGptBackend.Answer authorize(Map<String, String> q) {
        String redirect = q.get("redirect_uri");
        if (redirect == null) {
            return FakeChatGptBackend.Answer.json(400, error("invalid_request", "missing redirect_uri"));
        }
        String code;
        synchronized (this) {
            code = "code-" + counter.incrementAndGet();
            codeOwners.put(code, identityAccountId);
        }
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + enc(code)
                + (q.containsKey("state") ? "&state=" + enc(q.get("state")) : "");
        return new FakeChatGptBackend.Answer(302, Map.of("location", location), "", null);
    }

    private FakeChatGptBackend.Answer userCode() {
        int n = counter.incrementAndGet();
        ObjectNode o = Reply.JSON.createObjectNode();
        o.put("device_auth_id", "deviceauth-" + n);
        o.put("user_code", String.format("FAKE-%04d", n % 10000));
        synchronized (this) {
            o.put("interval", String.valueOf(deviceInterval));
        }
        return FakeChatGptBackend.Answer.json(200, Reply.write(o));
    }

    private FakeChatGptBackend.Answer deviceToken() {
        String accountId;
        synchronized (this) {
            devicePolls++;
            if (deviceExpired) {
                return FakeChatGptBackend.Answer.json(400, error("expired_token", "The device code has expired"));
            }
            if (devicePolls <= devicePendingPolls) {
                return FakeChatGptBackend.Answer.json(403, error("authorization_pending", "Authorization is pending"));
            }
            accountId = identityAccountId;
        }
        ObjectNode tokens = issue(accountId);
        String code = "code-" + counter.incrementAndGet();
        synchronized (this) {
            codeOwners.put(code, accountId);
        }
        // Real servers answer with an authorization code to exchange; the tokens are included too for convenience.
        tokens.put("authorization_code", code);
        tokens.put("code_challenge", "fake-challenge");
        tokens.put("code_verifier", "fake-verifier");
        return FakeChatGptBackend.Answer.json(200, Reply.write(tokens));
    }

    private FakeChatGptBackend.Answer token(String contentType, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode json = contentType != null && contentType.contains("json") ? Reply.parse(body) : null;
        if (json != null && json.isObject()) {
            json.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        } else {
            params.putAll(FakeChatGptBackend.parseQuery(body));
        }
        String grant = params.getOrDefault("grant_type", "");
        switch (grant) {
            case "authorization_code" -> {
                String code = params.get("code");
                if (code == null || code.isBlank()) {
                    return FakeChatGptBackend.Answer.json(400, error("invalid_grant", "missing code"));
                }
                String owner;
                synchronized (this) {
                    exchangeCount++;
                    owner = codeOwners.getOrDefault(code, identityAccountId);
                }
                return FakeChatGptBackend.Answer.json(200, Reply.write(issue(owner)));
            }
            case "refresh_token" -> {
                return refresh(params.get("refresh_token"));
            }
            default -> {
                return FakeChatGptBackend.Answer.json(400, error("unsupported_grant_type", "unsupported grant_type: " + grant));
            }
        }
    }

    private FakeChatGptBackend.Answer refresh(String refreshToken) {
        Duration delay;
        String errorCode;
        String owner;
        synchronized (this) {
            refreshCount++;
            lastRefreshToken = refreshToken;
            delay = refreshDelay;
            errorCode = refreshError;
            owner = refreshToken == null ? null : refreshOwners.get(refreshToken);
            if (owner == null && refreshToken != null && refreshToken.startsWith("refresh-")) {
                owner = refreshToken.substring("refresh-".length());
            }
            if (owner == null) {
                owner = identityAccountId;
            }
            if (errorCode == null && refreshToken == null) {
                errorCode = "invalid_request";
            }
            if (errorCode == null && strictRotation && usedRefreshTokens.contains(refreshToken)) {
                errorCode = "refresh_token_reused";
            }
            if (errorCode == null) {
                usedRefreshTokens.add(refreshToken);
                refreshOwners.remove(refreshToken);
            }
        }
        if (!delay.isZero()) {
            FakeChatGptBackend.sleep(delay);
        }
        if (errorCode != null) {
            return FakeChatGptBackend.Answer.json(401, error(errorCode, messageFor(errorCode)));
        }
        return FakeChatGptBackend.Answer.json(200, Reply.write(issue(owner)));
    }

    /** Issues a fresh token set for the account and makes it the account's expected access token. */
    private ObjectNode issue(String accountId) {
        int n = counter.incrementAndGet();
        String access = "access-" + accountId + "-" + n;
        String refresh = "refresh-" + accountId + "-" + n;
        String[] id;
        synchronized (this) {
            id = identities.getOrDefault(accountId, accountId.equals(identityAccountId)
                    ? new String[] {identityEmail, identityPlan} : new String[] {accountId + "@example.com", "plus"});
            refreshOwners.put(refresh, accountId);
        }
        backend.account(accountId).accessToken(access);
        ObjectNode o = Reply.JSON.createObjectNode();
        o.put("access_token", access);
        o.put("refresh_token", refresh);
        o.put("id_token", idToken(accountId, id[0], id[1]));
        o.put("token_type", "Bearer");
        o.put("expires_in", 864000);
        o.put("scope", "openid profile email offline_access");
        return o;
    }

    private static String messageFor(String code) {
        return switch (code) {
            case "refresh_token_expired" -> "Your refresh token has expired. Please sign in again.";
            case "refresh_token_reused" -> "Your refresh token has already been used to generate a new access token.";
            case "refresh_token_invalidated" -> "Your refresh token has been invalidated. Please sign in again.";
            default -> "Token refresh failed: " + code;
        };
    }

    static String error(String code, String message) {
        ObjectNode o = Reply.JSON.createObjectNode();
        ObjectNode e = o.putObject("error");
        e.put("code", code);
        e.put("message", message);
        return Reply.write(o);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
