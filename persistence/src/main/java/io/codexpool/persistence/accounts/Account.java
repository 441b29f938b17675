package io.codexpool.persistence.accounts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A ChatGPT subscription account in the pool. Token columns hold {@code TokenCipher} output, never plain text.
 */
@Entity
@Table(name = "accounts")
public class Account {
    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "email")
    private String email;

    @Column(name = "chatgpt_account_id")
    private String chatgptAccountId;

    @Column(name = "plan_type")
    private String planType;

    @Convert(converter = AccountStatusConverter.class)
    @Column(name = "status", nullable = false)
    private AccountStatus status;

    @Column(name = "deactivation_reason")
    private String deactivationReason;

    @Column(name = "access_token_enc")
    private byte[] accessTokenEncrypted;

    @Column(name = "refresh_token_enc")
    private byte[] refreshTokenEncrypted;

    @Column(name = "id_token_enc")
    private byte[] idTokenEncrypted;

    @Column(name = "last_refresh_at")
    private Instant lastRefreshAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "reset_at")
    private Instant resetAt;

    protected Account() {
    }

    public Account(String email, String chatgptAccountId, String planType, Instant createdAt) {
        this.id = UUID.randomUUID().toString();
        this.email = email;
        this.chatgptAccountId = chatgptAccountId;
        this.planType = planType;
        this.status = AccountStatus.ACTIVE;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    public String getId() {
        return id;
    }

    /** The name admins know the account by: its email, else its ChatGPT account id. */
    public String label() {
        return email != null ? email : chatgptAccountId;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getChatgptAccountId() {
        return chatgptAccountId;
    }

    public void setChatgptAccountId(String chatgptAccountId) {
        this.chatgptAccountId = chatgptAccountId;
    }

    public String getPlanType() {
        return planType;
    }

    public void setPlanType(String planType) {
        this.planType = planType;
    }

    public AccountStatus getStatus() {
        return status;
    }

    public void setStatus(AccountStatus status) {
        this.status = Objects.requireNonNull(status, "status");
    }

    public String getDeactivationReason() {
        return deactivationReason;
    }

    public void setDeactivationReason(String deactivationReason) {
        this.deactivationReason = deactivationReason;
    }

    public byte[] getAccessTokenEncrypted() {
        return accessTokenEncrypted;
    }

    public void setAccessTokenEncrypted(byte[] accessTokenEncrypted) {
        this.accessTokenEncrypted = accessTokenEncrypted;
    }

    public byte[] getRefreshTokenEncrypted() {
        return refreshTokenEncrypted;
    }

    public void setRefreshTokenEncrypted(byte[] refreshTokenEncrypted) {
        this.refreshTokenEncrypted = refreshTokenEncrypted;
    }

    public byte[] getIdTokenEncrypted() {
        return idTokenEncrypted;
    }

    public void setIdTokenEncrypted(byte[] idTokenEncrypted) {
        this.idTokenEncrypted = idTokenEncrypted;
    }

    public Instant getLastRefreshAt() {
        return lastRefreshAt;
    }

    public void setLastRefreshAt(Instant lastRefreshAt) {
        this.lastRefreshAt = lastRefreshAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getResetAt() {
        return resetAt;
    }

    public void setResetAt(Instant resetAt) {
        this.resetAt = resetAt;
    }
}
