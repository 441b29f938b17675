package io.codexpool.persistence.secrets;

/** A stored token could not be decrypted; the message never contains token material. */
public class TokenDecryptionException extends RuntimeException {
    public TokenDecryptionException(String message) {
        super(message);
    }
}
