package io.codexpool.persistence.settings;

import io.codexpool.persistence.database.WireName;

public enum RoutingStrategy implements WireName {
    CAPACITY_WEIGHTED("capacity_weighted"),
    USAGE_WEIGHTED("usage_weighted"),
    ROUND_ROBIN("round_robin"),
    /** By the burn-rate forecast: no account runs out before its reset, credit that resets first is spent first. */
    DEPLETION_AWARE("depletion_aware");

    private final String wireName;

    RoutingStrategy(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
