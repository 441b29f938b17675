package io.codexpool.proxy.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How one transport answers its client: the writer of the format the client asked for, and the failure of a turn
 * whose answer has not begun, as the OpenAI error object in this transport's form.
 */
public interface ClientReplies<R> {
    /** The writer for the format the client's body (as it sent it) asks for. */
    ReplyWriter<R> writer(ObjectNode clientBody);

    R error(TurnError error, String requestId);
}
