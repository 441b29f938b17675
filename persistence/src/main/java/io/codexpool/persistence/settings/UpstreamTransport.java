package io.codexpool.persistence.settings;

import io.codexpool.persistence.database.WireName;

/** The admin's transport override; {@link #DEFAULT} defers to the configured value. */
public enum UpstreamTransport implements WireName {
    DEFAULT("default"),
    AUTO("auto"),
    HTTP("http"),
    WEBSOCKET("websocket");

    private final String wireName;

    UpstreamTransport(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
