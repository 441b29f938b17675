package io.codexpool.persistence.usage;

import io.codexpool.persistence.database.WireName;

/** Where a usage sample came from: the polled usage endpoint, or headers of a proxied reply. */
public enum UsageSource implements WireName {
    POLL("poll"),
    HEADER("header");

    private final String wireName;

    UsageSource(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
