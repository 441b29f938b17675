package io.codexpool.proxy.accounts;

/**
 * An account was just added or signed in again (import, browser or device sign-in). Fired asynchronously, so its
 * first usage reading happens at once but off the admin's request.
 */
public record AccountAdded(String accountId) {
}
