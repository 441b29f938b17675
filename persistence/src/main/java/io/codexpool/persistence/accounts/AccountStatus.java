package io.codexpool.persistence.accounts;

import io.codexpool.persistence.database.WireName;

public enum AccountStatus implements WireName {
    ACTIVE("active"),
    RATE_LIMITED("rate_limited"),
    QUOTA_EXCEEDED("quota_exceeded"),
    PAUSED("paused"),
    DEACTIVATED("deactivated");

    private final String wireName;

    AccountStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
