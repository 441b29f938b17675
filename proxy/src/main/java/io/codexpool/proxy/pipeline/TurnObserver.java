package io.codexpool.proxy.pipeline;

import io.codexpool.persistence.requestlogs.RequestLog;

/**
 * What the pipeline tells whoever watches turns (metrics today): each hook is called at the step named, on the
 * turn's thread, and must return quickly. Every {@code TurnObserver} bean is called.
 */
public interface TurnObserver {
    /** A client WebSocket opened, or closed (once per socket). */
    default void clientSocket(boolean opened) {
    }

    /** One send to upstream on one account ended: {@code ok} or the kind of error. */
    default void upstreamAttempt(String outcome) {
    }

    /** The turn moves to another account after this kind of error. */
    default void failover(String reason) {
    }

    /** The upstream stream passed its first event: an answer streams to the client from now on. */
    default void streamStarted() {
    }

    /** The log step wrote the turn's row; {@code streamed} when {@link #streamStarted} came before. */
    default void finished(RequestLog row, boolean streamed) {
    }
}
