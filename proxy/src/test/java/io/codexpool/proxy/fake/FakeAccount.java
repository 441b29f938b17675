package io.codexpool.proxy.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scripting handle of one ChatGPT account of the fake backend (identified by {@code chatgpt-account-id}). Thread-safe. */
public final class FakeAccount {

    private final String id;
    private String accessToken;
    private String planType = "plus";
    private double primaryPercent;
    private double secondaryPercent;
    private Instant primaryResetAt = Instant.now().plus(Duration.ofHours(1));
    private Instant secondaryResetAt = Instant.now().plus(Duration.ofDays(5));
    private int usageStatus;
    private String usageErrorBody;
    private boolean usageStalled;
    private boolean weeklyOnly;
    private final Deque<Reply> replies = new ArrayDeque<>();
    private final Deque<Reply> compactReplies = new ArrayDeque<>();
    private int responseCount;
    private int compactCount;

    FakeAccount(String id) {
        this.id = id;
        this.accessToken = "access-" + id;
    }

    public String id() {
        return id;
    }

    public synchronized FakeAccount accessToken(String token) {
        this.accessToken = token;
        return this;
    }

    /** The access token requests must carry ({@code Authorization: Bearer ...}); default {@code "access-" + id}. */
    public synchronized String accessToken() {
        return accessToken;
    }

    public synchronized FakeAccount planType(String planType) {
        this.planType = planType;
        return this;
    }

    public synchronized String planType() {
        return planType;
    }

    /** Used percents of the primary (5 h) and secondary (weekly) windows reported in headers, events and /wham/usage. */
    public synchronized FakeAccount usage(double primaryPercent, double secondaryPercent) {
        this.primaryPercent = primaryPercent;
        this.secondaryPercent = secondaryPercent;
        return this;
    }

    /**
     * An account with no 5-hour limit, as upstream reports it: its weekly window (the secondary percent and reset)
     * comes as the primary window (10080 min, 604800 s), and the secondary is all zero in headers and events and
     * absent from /wham/usage.
     */
    public synchronized FakeAccount weeklyOnly() {
        this.weeklyOnly = true;
        return this;
    }

    /** When the 5-hour window resets; null: upstream names no reset time (headers, events and /wham/usage). */
    public synchronized FakeAccount primaryResetAt(Instant at) {
        this.primaryResetAt = at;
        return this;
    }

    public synchronized FakeAccount secondaryResetAt(Instant at) {
        this.secondaryResetAt = at;
        return this;
    }

    public synchronized double primaryPercent() {
        return primaryPercent;
    }

    public synchronized double secondaryPercent() {
        return secondaryPercent;
    }

    /** Scripted replies for {@code POST /codex/responses} (HTTP and WebSocket turns share this queue). */
    public synchronized FakeAccount enqueue(Reply... replies) {
        this.replies.addAll(List.of(replies));
        return this;
    }

    /** Scripted replies for {@code POST /codex/responses/compact}. */
    public synchronized FakeAccount enqueueCompact(Reply... replies) {
        this.compactReplies.addAll(List.of(replies));
        return this;
    }

    /** Make {@code GET /wham/usage} fail with this HTTP status (0 = answer normally). */
    public synchronized FakeAccount usageEndpoint(int status) {
        return usageEndpoint(status, null);
    }

    /** Make {@code GET /wham/usage} fail with this HTTP status and JSON body (null: a generic error body). */
    public synchronized FakeAccount usageEndpoint(int status, String errorBody) {
        this.usageStatus = status;
        this.usageErrorBody = errorBody;
        return this;
    }

    synchronized String usageErrorBody() {
        return usageErrorBody;
    }

    /** When true, {@code GET /wham/usage} never answers (until {@link FakeChatGptBackend#reset()}). */
    public synchronized FakeAccount usageStalled(boolean stalled) {
        this.usageStalled = stalled;
        return this;
    }

    synchronized boolean usageStalled() {
        return usageStalled;
    }

    /** How many {@code /codex/responses} requests (HTTP + WebSocket turns, prewarm frames excluded) this account got. */
    public synchronized int responseCount() {
        return responseCount;
    }

    /** How many {@code /codex/responses/compact} requests this account got. */
    public synchronized int compactCount() {
        return compactCount;
    }

    /** Scripted replies not consumed yet. */
    public synchronized int pendingReplies() {
        return replies.size();
    }

    synchronized int usageStatus() {
        return usageStatus;
    }

    synchronized Reply nextReply() {
        responseCount++;
        Reply r = replies.poll();
        return r != null ? r : Reply.text("Hello from " + id);
    }

    /** Counts a request that was refused (wrong token) without consuming a scripted reply. */
    synchronized void nextReplyCountOnly() {
        responseCount++;
    }

    synchronized Reply nextCompactReply() {
        compactCount++;
        return compactReplies.poll();
    }

    synchronized boolean tokenMatches(String bearer) {
        return bearer != null && bearer.equals(accessToken);
    }

    /** The usage headers carried by every reply to this account. */
    synchronized Map<String, String> usageHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        if (weeklyOnly) {
            windowHeaders(h, "primary", secondaryPercent, "10080", secondaryResetAt);
            h.put("x-codex-secondary-used-percent", "0");
            h.put("x-codex-secondary-window-minutes", "0");
        } else {
            windowHeaders(h, "primary", primaryPercent, "300", primaryResetAt);
            windowHeaders(h, "secondary", secondaryPercent, "10080", secondaryResetAt);
        }
        h.put("x-codex-credits-has-credits", "false");
        h.put("x-codex-credits-unlimited", "false");
        h.put("x-codex-credits-balance", "0");
        return h;
    }

    private static void windowHeaders(Map<String, String> h, String name, double used, String minutes,
                                      Instant resetAt) {
        h.put("x-codex-" + name + "-used-percent", String.valueOf(used));
        h.put("x-codex-" + name + "-window-minutes", minutes);
        if (resetAt != null) {
            h.put("x-codex-" + name + "-reset-at", String.valueOf(resetAt.getEpochSecond()));
        }
    }

    private static ObjectNode window(double used, int minutes, Instant resetAt) {
        ObjectNode w = Reply.JSON.createObjectNode();
        w.put("used_percent", used);
        w.put("window_minutes", minutes);
        if (resetAt != null) {
            w.put("reset_at", resetAt.getEpochSecond());
            w.put("reset_after_seconds", Math.max(0, resetAt.getEpochSecond() - Instant.now().getEpochSecond()));
        }
        return w;
    }

    private static ObjectNode credits() {
        ObjectNode c = Reply.JSON.createObjectNode();
        c.put("has_credits", false);
        c.put("unlimited", false);
        c.put("balance", "0");
        return c;
    }

    /** The {@code codex.rate_limits} event sent first in each WebSocket turn. */
    synchronized String rateLimitsEvent() {
        ObjectNode e = Reply.JSON.createObjectNode();
        e.put("type", "codex.rate_limits");
        e.put("plan_type", planType);
        ObjectNode rl = e.putObject("rate_limits");
        rl.put("allowed", primaryPercent < 100 && secondaryPercent < 100);
        rl.put("limit_reached", primaryPercent >= 100 || secondaryPercent >= 100);
        if (weeklyOnly) {
            rl.set("primary", window(secondaryPercent, 10080, secondaryResetAt));
            rl.putObject("secondary").put("used_percent", 0).put("window_minutes", 0);
        } else {
            rl.set("primary", window(primaryPercent, 300, primaryResetAt));
            rl.set("secondary", window(secondaryPercent, 10080, secondaryResetAt));
        }
        e.set("credits", credits());
        return Reply.write(e);
    }

    /** The body of {@code GET /wham/usage}. */
    synchronized String usageJson() {
        long now = Instant.now().getEpochSecond();
        ObjectNode u = Reply.JSON.createObjectNode();
        u.put("plan_type", planType);
        ObjectNode rl = u.putObject("rate_limit");
        rl.put("allowed", primaryPercent < 100 && secondaryPercent < 100);
        rl.put("limit_reached", primaryPercent >= 100 || secondaryPercent >= 100);
        if (weeklyOnly) {
            usageWindow(rl.putObject("primary_window"), secondaryPercent, 604800, secondaryResetAt, now);
        } else {
            usageWindow(rl.putObject("primary_window"), primaryPercent, 18000, primaryResetAt, now);
            usageWindow(rl.putObject("secondary_window"), secondaryPercent, 604800, secondaryResetAt, now);
        }
        u.set("credits", credits());
        return Reply.write(u);
    }

    private static void usageWindow(ObjectNode w, double used, long seconds, Instant resetAt, long now) {
        w.put("used_percent", used);
        w.put("limit_window_seconds", seconds);
        if (resetAt != null) {
            w.put("reset_after_seconds", Math.max(0, resetAt.getEpochSecond() - now));
            w.put("reset_at", resetAt.getEpochSecond());
        }
    }

    @Override
    public synchronized String toString() {
        return "FakeAccount[" + id + ", plan=" + planType + ", usage=" + primaryPercent + "/" + secondaryPercent
                + ", pending=" + replies.size() + ", responses=" + responseCount + "]";
    }
}
