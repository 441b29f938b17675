package io.codexpool.persistence.apikeys;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A client API key: its hash (never the secret), the prefix people recognise it by, and its policy. The lists and the
 * limit rules are JSON text, read and written whole by the proxy's key service.
 */
@Entity
@Table(name = "api_keys")
public class ApiKey {
    @Id
    @Column(name = "id")
    private String id;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "key_hash", nullable = false)
    private String keyHash;

    @Column(name = "key_prefix", nullable = false)
    private String keyPrefix;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "allowed_models")
    private String allowedModels;

    @Column(name = "account_ids")
    private String accountIds;

    @Column(name = "max_concurrent_turns")
    private Integer maxConcurrentTurns;

    @Column(name = "limit_rules")
    private String limitRules;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ApiKey() {
    }

    public ApiKey(String name, String keyHash, String keyPrefix, Instant createdAt) {
        this.id = UUID.randomUUID().toString();
        this.name = Objects.requireNonNull(name);
        this.keyHash = Objects.requireNonNull(keyHash);
        this.keyPrefix = Objects.requireNonNull(keyPrefix);
        this.enabled = true;
        this.createdAt = Objects.requireNonNull(createdAt);
        this.updatedAt = createdAt;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public ApiKey setName(String name) {
        this.name = Objects.requireNonNull(name);
        return this;
    }

    public String getKeyHash() {
        return keyHash;
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    /** A new secret: the old one stops working as soon as every replica has re-read the keys. */
    public ApiKey setSecret(String keyHash, String keyPrefix) {
        this.keyHash = Objects.requireNonNull(keyHash);
        this.keyPrefix = Objects.requireNonNull(keyPrefix);
        return this;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public ApiKey setEnabled(boolean enabled) {
        this.enabled = enabled;
        return this;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public ApiKey setExpiresAt(Instant expiresAt) {
        this.expiresAt = expiresAt;
        return this;
    }

    public String getAllowedModels() {
        return allowedModels;
    }

    public ApiKey setAllowedModels(String allowedModels) {
        this.allowedModels = allowedModels;
        return this;
    }

    public String getAccountIds() {
        return accountIds;
    }

    public ApiKey setAccountIds(String accountIds) {
        this.accountIds = accountIds;
        return this;
    }

    public Integer getMaxConcurrentTurns() {
        return maxConcurrentTurns;
    }

    public ApiKey setMaxConcurrentTurns(Integer maxConcurrentTurns) {
        this.maxConcurrentTurns = maxConcurrentTurns;
        return this;
    }

    public String getLimitRules() {
        return limitRules;
    }

    public ApiKey setLimitRules(String limitRules) {
        this.limitRules = limitRules;
        return this;
    }

    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public ApiKey setUpdatedAt(Instant updatedAt) {
        this.updatedAt = updatedAt;
        return this;
    }
}
