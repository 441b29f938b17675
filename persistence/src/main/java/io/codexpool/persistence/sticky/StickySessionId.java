package io.codexpool.persistence.sticky;

import java.io.Serializable;
import java.util.Objects;

/** The composite key of a sticky mapping: the session key and its kind. */
public class StickySessionId implements Serializable {
    private String key;
    private StickyKind kind;

    public StickySessionId() {
    }

    public StickySessionId(String key, StickyKind kind) {
        this.key = key;
        this.kind = kind;
    }

    public String getKey() {
        return key;
    }

    public StickyKind getKind() {
        return kind;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StickySessionId other && Objects.equals(key, other.key) && kind == other.kind;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, kind);
    }
}
