package io.codexpool.persistence.sticky;

import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A conversation pinned to an account. */
@Entity
@Table(name = "sticky_sessions")
@IdClass(StickySessionId.class)
public class StickySession {
    @Id
    @Column(name = "session_key")
    private String key;

    @Id
    @Convert(converter = StickyKindConverter.class)
    @Column(name = "kind")
    private StickyKind kind;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected StickySession() {
    }

    public StickySession(String key, StickyKind kind, String accountId, Instant createdAt, Instant updatedAt) {
        this.key = Objects.requireNonNull(key, "key");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public String getKey() {
        return key;
    }

    public StickyKind getKind() {
        return kind;
    }

    public String getAccountId() {
        return accountId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
