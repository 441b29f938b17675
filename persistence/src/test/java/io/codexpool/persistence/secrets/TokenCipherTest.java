package io.codexpool.persistence.secrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenCipherTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.access-token-with-ünïcode";

    @TempDir
    Path dir;

    @Test
    void encryptedTokenDecryptsToTheOriginalAndNeverContainsIt() {
        TokenCipher cipher = new TokenCipher(EncryptionKeyFile.loadOrCreate(dir.resolve("encryption.key")));
        byte[] sealed = cipher.encrypt(TOKEN);
        assertFalse(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1).contains("access-token"));
        assertEquals(TOKEN, cipher.decrypt(sealed));
        assertNotEquals(new String(sealed), new String(cipher.encrypt(TOKEN)), "a fresh nonce every time");
        assertNull(cipher.encrypt(null));
        assertNull(cipher.decrypt(null));
    }

    @Test
    void alteredCipherTextIsDetected() {
        TokenCipher cipher = new TokenCipher(EncryptionKeyFile.loadOrCreate(dir.resolve("encryption.key")));
        byte[] sealed = cipher.encrypt(TOKEN);
        sealed[sealed.length - 3] ^= 0x01;
        TokenDecryptionException e = assertThrows(TokenDecryptionException.class, () -> cipher.decrypt(sealed));
        assertTrue(e.getMessage().contains("altered"), e.getMessage());
        assertFalse(e.getMessage().contains("access-token"));
    }

    @Test
    void tokenFromAnotherKeyIsReportedAsWrongKey() {
        TokenCipher first = new TokenCipher(EncryptionKeyFile.loadOrCreate(dir.resolve("a.key")));
        TokenCipher second = new TokenCipher(EncryptionKeyFile.loadOrCreate(dir.resolve("b.key")));
        TokenDecryptionException e = assertThrows(TokenDecryptionException.class,
                () -> second.decrypt(first.encrypt(TOKEN)));
        assertTrue(e.getMessage().contains("different key"), e.getMessage());
    }

    @Test
    void keyFileIsCreatedOwnerOnlyAndReusedOnTheNextStart() throws Exception {
        Path file = dir.resolve("nested/encryption.key");
        byte[] key = EncryptionKeyFile.loadOrCreate(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(32, key.length);
        assertArrayEquals(key, EncryptionKeyFile.loadOrCreate(file));
    }

    @Test
    void keyOfTheWrongSizeIsRefusedWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EncryptionKeyFile.decode("c2hvcnQ=", "codexpool.encryption-key"));
        assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EncryptionKeyFile.decode("%%%", "test"));
    }
}
