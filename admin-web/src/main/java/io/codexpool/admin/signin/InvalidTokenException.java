package io.codexpool.admin.signin;

/** A token that cannot be read; the message names the token, never quotes it. */
public class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
        super(message);
    }
}
