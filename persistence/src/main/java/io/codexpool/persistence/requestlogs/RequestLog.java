package io.codexpool.persistence.requestlogs;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One proxied request or WebSocket turn, as the request-log page and the cost totals read it.
 */
@Entity
@Table(name = "request_logs")
public class RequestLog {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @Column(name = "request_id", nullable = false)
    private String requestId;

    @Column(name = "requested_at", nullable = false)
    private Instant requestedAt;

    @Column(name = "account_id")
    private String accountId;

    @Column(name = "api_key_id")
    private String apiKeyId;

    @Column(name = "account_email")
    private String accountEmail;

    @Column(name = "route", nullable = false)
    private String route;

    @Column(name = "model")
    private String model;

    @Column(name = "transport", nullable = false)
    private String transport;

    @Column(name = "reasoning_effort")
    private String reasoningEffort;

    @Column(name = "service_tier")
    private String serviceTier;

    @Column(name = "input_tokens")
    private Long inputTokens;

    @Column(name = "cached_input_tokens")
    private Long cachedInputTokens;

    @Column(name = "output_tokens")
    private Long outputTokens;

    @Column(name = "reasoning_tokens")
    private Long reasoningTokens;

    @Column(name = "latency_ms", nullable = false)
    private long latencyMs;

    @Column(name = "first_token_ms")
    private Long firstTokenMs;

    @Column(name = "status_code", nullable = false)
    private int statusCode;

    @Column(name = "status", nullable = false)
    private String status;

    @Column(name = "error_code")
    private String errorCode;

    @Column(name = "error_message")
    private String errorMessage;

    @Column(name = "chain_replay")
    private String chainReplay;

    @Column(name = "cost_usd")
    private BigDecimal costUsd;

    public RequestLog() {
    }

    public Long getId() {
        return id;
    }

    /** For rows read with plain JDBC ({@link RequestLogSearch}), which JPA did not fill in. */
    RequestLog withId(long id) {
        this.id = id;
        return this;
    }

    public String getRequestId() {
        return requestId;
    }

    public RequestLog setRequestId(String requestId) {
        this.requestId = requestId;
        return this;
    }

    public Instant getRequestedAt() {
        return requestedAt;
    }

    public RequestLog setRequestedAt(Instant requestedAt) {
        this.requestedAt = requestedAt;
        return this;
    }

    public String getAccountId() {
        return accountId;
    }

    public RequestLog setAccountId(String accountId) {
        this.accountId = accountId;
        return this;
    }

    public String getAccountEmail() {
        return accountEmail;
    }

    public RequestLog setAccountEmail(String accountEmail) {
        this.accountEmail = accountEmail;
        return this;
    }

    public String getRoute() {
        return route;
    }

    public RequestLog setRoute(String route) {
        this.route = route;
        return this;
    }

    public String getModel() {
        return model;
    }

    public RequestLog setModel(String model) {
        this.model = model;
        return this;
    }

    public String getTransport() {
        return transport;
    }

    public RequestLog setTransport(String transport) {
        this.transport = transport;
        return this;
    }

    public String getReasoningEffort() {
        return reasoningEffort;
    }

    public RequestLog setReasoningEffort(String reasoningEffort) {
        this.reasoningEffort = reasoningEffort;
        return this;
    }

    public String getServiceTier() {
        return serviceTier;
    }

    public RequestLog setServiceTier(String serviceTier) {
        this.serviceTier = serviceTier;
        return this;
    }

    public Long getInputTokens() {
        return inputTokens;
    }

    public RequestLog setInputTokens(Long inputTokens) {
        this.inputTokens = inputTokens;
        return this;
    }

    public Long getCachedInputTokens() {
        return cachedInputTokens;
    }

    public RequestLog setCachedInputTokens(Long cachedInputTokens) {
        this.cachedInputTokens = cachedInputTokens;
        return this;
    }

    public Long getOutputTokens() {
        return outputTokens;
    }

    public RequestLog setOutputTokens(Long outputTokens) {
        this.outputTokens = outputTokens;
        return this;
    }

    public Long getReasoningTokens() {
        return reasoningTokens;
    }

    public RequestLog setReasoningTokens(Long reasoningTokens) {
        this.reasoningTokens = reasoningTokens;
        return this;
    }

    public long getLatencyMs() {
        return latencyMs;
    }

    public RequestLog setLatencyMs(long latencyMs) {
        this.latencyMs = latencyMs;
        return this;
    }

    public Long getFirstTokenMs() {
        return firstTokenMs;
    }

    public RequestLog setFirstTokenMs(Long firstTokenMs) {
        this.firstTokenMs = firstTokenMs;
        return this;
    }

    public int getStatusCode() {
        return statusCode;
    }

    public RequestLog setStatusCode(int statusCode) {
        this.statusCode = statusCode;
        return this;
    }

    public String getStatus() {
        return status;
    }

    public RequestLog setStatus(String status) {
        this.status = status;
        return this;
    }

    public String getErrorCode() {
        return errorCode;
    }

    public RequestLog setErrorCode(String errorCode) {
        this.errorCode = errorCode;
        return this;
    }

    public String getErrorMessage() {
        return errorMessage;
    }

    public RequestLog setErrorMessage(String errorMessage) {
        this.errorMessage = errorMessage;
        return this;
    }

    /** Why the turn was sent as a replay of its conversation chain on another account or socket; null if it was not. */
    public String getChainReplay() {
        return chainReplay;
    }

    public RequestLog setChainReplay(String chainReplay) {
        this.chainReplay = chainReplay;
        return this;
    }

    public BigDecimal getCostUsd() {
        return costUsd;
    }

    public RequestLog setCostUsd(BigDecimal costUsd) {
        this.costUsd = costUsd;
        return this;
    }

    /** The API key the request came with; null without one (or once that key is deleted). */
    public String getApiKeyId() {
        return apiKeyId;
    }

    public RequestLog setApiKeyId(String apiKeyId) {
        this.apiKeyId = apiKeyId;
        return this;
    }
}
