package io.codexpool.proxy.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PostTurnServiceTest {
    /** What skips Jersey's parse must be what it always reads; anything else is parsed as Jersey would. */
    @Test
    void onlyAPlainTypeSlashSubtypeSkipsTheMediaTypeParse() {
        for (String plain : new String[] {"text/event-stream", "application/json", "*/*", "application/vnd.x+json"}) {
            assertTrue(PostTurnService.plainMediaType(plain), plain);
        }
        for (String other : new String[] {"\"", "", "json", "/json", "application/", "a//b", "a/b/c",
                "application/json; charset=utf-8", "text/html, */*", " application/json"}) {
            assertFalse(PostTurnService.plainMediaType(other), other);
        }
    }
}
