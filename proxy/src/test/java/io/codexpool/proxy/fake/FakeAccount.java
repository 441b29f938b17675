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
        this.usageStatus = status;
        return this;
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
        h.put("x-codex-primary-used-percent", String.valueOf(primaryPercent));
        h.put("x-codex-primary-window-minutes", "300");
        h.put("x-codex-primary-reset-at", String.valueOf(primaryResetAt.getEpochSecond()));
        h.put("x-codex-secondary-used-percent", String.valueOf(secondaryPercent));
        h.put("x-codex-secondary-window-minutes", "10080");
        h.put("x-codex-secondary-reset-at", String.valueOf(secondaryResetAt.getEpochSecond()));
        h.put("x-codex-credits-has-credits", "false");
        h.put("x-codex-credits-unlimited", "false");
        h.put("x-codex-credits-balance", "0");
        return h;
    }

    private static ObjectNode window(double used, int minutes, Instant resetAt) {
        ObjectNode w = Reply.JSON.createObjectNode();
        w.put("used_percent", used);
        w.put("window_minutes", minutes);
        w.put("reset_at", resetAt.getEpochSecond());
        w.put("reset_after_seconds", Math.max(0, resetAt.getEpochSecond() - Instant.now().getEpochSecond()));
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
        rl.set("primary", window(primaryPercent, 300, primaryResetAt));
        rl.set("secondary", window(secondaryPercent, 10080, secondaryResetAt));
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
        ObjectNode p = rl.putObject("primary_window");
        p.put("used_percent", primaryPercent);
        p.put("limit_window_seconds", 18000);
        p.put("reset_after_seconds", Math.max(0, primaryResetAt.getEpochSecond() - now));
        p.put("reset_at", primaryResetAt.getEpochSecond());
        ObjectNode s = rl.putObject("secondary_window");
        s.put("used_percent", secondaryPercent);
        s.put("limit_window_seconds", 604800);
        s.put("reset_after_seconds", Math.max(0, secondaryResetAt.getEpochSecond() - now));
        s.put("reset_at", secondaryResetAt.getEpochSecond());
        u.set("credits", credits());
        return Reply.write(u);
    }

    @Override
    public synchronized String toString() {
        return "FakeAccount[" + id + ", plan=" + planType + ", usage=" + primaryPercent + "/" + secondaryPercent
                + ", pending=" + replies.size() + ", responses=" + responseCount + "]";
    }
}
