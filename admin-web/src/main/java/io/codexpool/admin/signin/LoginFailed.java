package io.codexpool.admin.signin;

/** A sign-in that did not add an account; the message is meant for the admin as is and never holds a token. */
public class LoginFailed extends Exception {
    public LoginFailed(String message) {
        super(message);
    }
}
