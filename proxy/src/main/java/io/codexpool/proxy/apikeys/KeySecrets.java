package io.codexpool.proxy.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Key secrets: {@code cpk_} and 32 random bytes, URL-safe base64. Only their SHA-256 is stored (the secret has 256
 * bits of entropy, so a plain hash is as good as a slow one and lets every request be checked in microseconds), and
 * their first 12 characters as the prefix people recognise them by.
 */
public final class KeySecrets {
    public static final String SCHEME = "cpk_";
    private static final int RANDOM_BYTES = 32;
    private static final int PREFIX_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeySecrets() {
    }

    /** A new secret, to be shown once and never stored. */
    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return SCHEME + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static String hashHex(String secret) {
        return HexFormat.of().formatHex(hash(secret));
    }

    static byte[] fromHex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    public static String prefix(String secret) {
        return secret.substring(0, Math.min(PREFIX_LENGTH, secret.length()));
    }
}
