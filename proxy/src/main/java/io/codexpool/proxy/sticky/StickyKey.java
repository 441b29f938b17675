package io.codexpool.proxy.sticky;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

import io.codexpool.persistence.sticky.StickyKind;

/**
 * The affinity key a request carries: which conversation it belongs to, and of which kind. A client's key longer
 * than the stored column is kept as its SHA-256 digest ({@code sha256:} and 64 hex digits): the same long key always
 * gives the same stored key, so a long {@code prompt_cache_key} still sticks, and the row always fits.
 *
 * @param midTurn the request continues an earlier response ({@code previous_response_id}), which lives on the account
 *                that produced it: the conversation may not move for a forecast now, only at the next turn
 */
public record StickyKey(StickyKind kind, String key, boolean midTurn) {
    /** {@code sticky_sessions.session_key} holds this many characters. */
    public static final int MAX_STORED_LENGTH = 255;

    public StickyKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        key = storable(key);
    }

    /** The key as stored: itself when it fits the column, else its digest. */
    private static String storable(String key) {
        if (key.length() <= MAX_STORED_LENGTH) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
