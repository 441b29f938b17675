package io.codexpool.admin.accounts;

/** An auth.json that cannot be imported; the message is meant for the admin as is. */
public class AuthJsonException extends Exception {
    public AuthJsonException(String message) {
        super(message);
    }
}
