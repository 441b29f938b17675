package io.codexpool.proxy.upstream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The request log's fields of a terminal event, read past the response's other fields whatever they hold. */
class TerminalEventTest {
    @Test
    void usageErrorAndIncompleteReasonAreReadAndEverythingElseIsSkipped() {
        TerminalEvent completed = TerminalEvent.of(SseEvent.of("response.completed", """
                {"type":"response.completed","sequence_number":9,"response":{"id":"r","output":[{"type":"message",\
                "content":[{"type":"output_text","text":"{\\"usage\\":1}"}]}],"error":null,"metadata":{"usage":"no"},\
                "usage":{"input_tokens":12,"input_tokens_details":{"cached_tokens":4},"output_tokens":5}}}"""));
        assertEquals(12, completed.usage().path("input_tokens").asInt());
        assertEquals(4, completed.usage().path("input_tokens_details").path("cached_tokens").asInt());
        assertNull(completed.error(), "error: null is no error");
        assertNull(completed.incompleteReason());

        TerminalEvent failed = TerminalEvent.of(SseEvent.of("response.failed", """
                {"type":"response.failed","response":{"status":"failed","error":{"code":"server_error",\
                "message":"boom"},"usage":null}}"""));
        assertEquals("server_error", failed.error().path("code").asText());
        assertEquals("boom", failed.error().path("message").asText());

        TerminalEvent incomplete = TerminalEvent.of(SseEvent.of("response.incomplete", """
                {"response":{"incomplete_details":{"reason":"max_output_tokens"}},"type":"response.incomplete"}"""));
        assertEquals("max_output_tokens", incomplete.incompleteReason());

        assertNull(TerminalEvent.of(SseEvent.of("response.completed", "{\"response\":{\"usage\":")), "cut short");
        assertNull(TerminalEvent.of(SseEvent.of("response.completed", "[DONE]")), "not JSON");
        assertNull(TerminalEvent.of(SseEvent.of("response.completed", "{\"type\":\"response.completed\"}")),
                "no response");
    }
}
