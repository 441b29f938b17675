package io.codexpool.proxy.pipeline;

/**
 * Relays an opened upstream stream to the client in one format (SSE as it came, the final Response object, Chat
 * Completions chunks or object, compact JSON, WebSocket frames) and ends the turn with its status through
 * {@link TurnEnd#finish}: before it returns, or when a streamed answer ends.
 *
 * @param <R> what the transport hands back to its caller (a JAX-RS response; nothing for a WebSocket)
 */
@FunctionalInterface
public interface ReplyWriter<R> {
    R relay(OpenedStream opened, TurnEnd end);
}
