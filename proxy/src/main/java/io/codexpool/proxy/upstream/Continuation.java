package io.codexpool.proxy.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A call that belongs to a conversation chain ({@code previous_response_id}). Upstream keeps a chain only on the
 * account and the upstream socket that produced it, so which body goes up depends on the connection the call is sent
 * on, known only once the opener has chosen it.
 */
public interface Continuation {
    /** The account that produced the continued response, or null when the call starts a chain. */
    String pinnedAccountId();

    /**
     * The body to send, and a note of where the call went.
     *
     * @param connection the upstream socket's id, or null for a connection that keeps nothing (HTTP)
     */
    ObjectNode bodyOn(String connection, String accountId, ObjectNode body);
}
