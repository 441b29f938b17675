package io.codexpool.proxy.chains;

/**
 * One response of a chain: where it was produced and how far into its conversation it reaches.
 *
 * @param connection the upstream socket that produced it, which alone still holds it; null over HTTP
 */
record Link(String responseId, Conversation conversation, int end, String accountId, String connection) {
}
