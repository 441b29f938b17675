package io.codexpool.proxy.requestlogs;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The status a request's row records. */
class RequestRecordTest {
    @Test
    void aRowWithAnErrorMessageIsAnErrorEvenWithoutCodeAndBelowStatus400() {
        RequestRecord withMessage = new RequestRecord("req-1", "/backend-api/codex/responses", Instant.now());
        withMessage.error(null, "stream ended early");
        assertEquals("error", withMessage.finish(200).getStatus(), "the request-log search skips success rows' text");
        RequestRecord plain = new RequestRecord("req-2", "/backend-api/codex/responses", Instant.now());
        assertEquals("success", plain.finish(200).getStatus());
    }
}
