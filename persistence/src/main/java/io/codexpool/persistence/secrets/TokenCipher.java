package io.codexpool.persistence.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts account tokens with AES-256-GCM.
 * <p>
 * Layout: version (1 byte), key id (4 bytes, from the key's SHA-256), nonce (12 bytes), cipher text with its tag.
 * The key id lets a wrong key be told apart from tampered data.
 */
public final class TokenCipher {
    private static final byte VERSION = 1;
    private static final int KEY_ID_BYTES = 4;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER_BYTES = 1 + KEY_ID_BYTES + NONCE_BYTES;

    private final SecretKeySpec key;
    private final byte[] keyId;
    private final SecureRandom random = new SecureRandom();

    public TokenCipher(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the encryption key must be 256 bits (32 bytes), not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.keyId = Arrays.copyOf(sha256(key), KEY_ID_BYTES);
    }

    public byte[] encrypt(String plainText) {
        if (plainText == null) {
            return null;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plainText.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(HEADER_BYTES + sealed.length)
                    .put(VERSION).put(keyId).put(nonce).put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public String decrypt(byte[] sealed) {
        if (sealed == null) {
            return null;
        }
        if (sealed.length < HEADER_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new TokenDecryptionException("stored token is not in the expected format");
        }
        byte[] storedKeyId = Arrays.copyOfRange(sealed, 1, 1 + KEY_ID_BYTES);
        if (!MessageDigest.isEqual(storedKeyId, keyId)) {
            throw new TokenDecryptionException("stored token was encrypted with a different key (key id "
                    + HexFormat.of().formatHex(storedKeyId) + ", current key id " + HexFormat.of().formatHex(keyId)
                    + "); check codexpool.encryption-key-file");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_BITS, sealed, 1 + KEY_ID_BYTES, NONCE_BYTES));
            byte[] plain = cipher.doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new TokenDecryptionException("stored token failed its integrity check: the data was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
