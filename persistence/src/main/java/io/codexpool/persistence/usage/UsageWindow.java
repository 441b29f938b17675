package io.codexpool.persistence.usage;

import io.codexpool.persistence.database.WireName;

/** The two rate-limit windows of a subscription: 5 hours (primary) and weekly (secondary). */
public enum UsageWindow implements WireName {
    PRIMARY("primary"),
    SECONDARY("secondary");

    private final String wireName;

    UsageWindow(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
