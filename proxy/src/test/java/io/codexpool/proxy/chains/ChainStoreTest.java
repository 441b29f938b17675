package io.codexpool.proxy.chains;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.testing.ManualClock;
import io.codexpool.proxy.upstream.SseEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The chain store's memory: what a replay is built from, and the bounds and expiry that limit it. */
class ChainStoreTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void aContinuationGoesAsItIsOnItsOwnSocketAndIsReplayedWholeElsewhere() throws IOException {
        ChainStore store = new ChainStore(clock, 3600, 1 << 20, 1 << 24);
        answer(store.begin(request(null, "first"), "socket-1"), "ws-1", "acc-a", "resp_1");
        ObjectNode second = request("resp_1", "second");
        ChainTurn turn = store.begin(second, "socket-1");
        assertEquals("acc-a", turn.pinnedAccountId());
        assertSame(second, turn.bodyOn("ws-1", "acc-a", second), "upstream holds the chain there");
        assertNull(turn.replayReason());

        ObjectNode replay = turn.bodyOn("ws-2", "acc-a", second);
        assertFalse(replay.has("previous_response_id"));
        assertEquals(List.of("first", "answer to resp_1", "second"), texts(replay));
        assertFalse(replay.path("input").get(1).has("id"), "an output item goes back without its id");
        assertEquals("replayed: the upstream socket closed", turn.replayReason());
        turn.moved("usage_limit_reached");
        turn.bodyOn("ws-3", "acc-b", second);
        assertEquals("replayed on another account: usage_limit_reached", turn.replayReason());
    }

    @Test
    void aContinuationOfAnEarlierResponseForksItsChain() throws IOException {
        ChainStore store = new ChainStore(clock, 3600, 1 << 20, 1 << 24);
        answer(store.begin(request(null, "first"), null), null, "acc-a", "resp_1");
        answer(store.begin(request("resp_1", "second"), null), null, "acc-a", "resp_2");
        answer(store.begin(request("resp_1", "other second"), null), null, "acc-a", "resp_3");
        ObjectNode third = request("resp_3", "third");
        assertEquals(List.of("first", "answer to resp_1", "other second", "answer to resp_3", "third"),
                texts(store.begin(third, null).bodyOn(null, "acc-a", third)));
        ObjectNode onTwo = request("resp_2", "third");
        assertEquals(List.of("first", "answer to resp_1", "second", "answer to resp_2", "third"),
                texts(store.begin(onTwo, null).bodyOn(null, "acc-a", onTwo)));
    }

    @Test
    void aChainUnusedForTheExpiryIsForgotten() throws IOException {
        ChainStore store = new ChainStore(clock, 3600, 1 << 20, 1 << 24);
        answer(store.begin(request(null, "first"), null), null, "acc-a", "resp_1");
        clock.advance(Duration.ofMinutes(59));
        answer(store.begin(request("resp_1", "second"), null), null, "acc-a", "resp_2");
        clock.advance(Duration.ofMinutes(61));
        ChainNotFound notFound = assertThrows(ChainNotFound.class, () -> store.begin(request("resp_2", "x"), null));
        assertEquals("previous_response_not_found", notFound.code());
        assertEquals("previous_response_id", notFound.param());
        assertEquals(0, store.size());
        assertEquals(0, store.bytes());
    }

    @Test
    void aSocketOverItsBoundLosesItsOldestChainsItemsButKeepsItsPins() throws IOException {
        ChainStore store = new ChainStore(clock, 3600, 300, 1 << 24);
        answer(store.begin(request(null, "first chain"), "socket-1"), "ws-1", "acc-a", "resp_1");
        clock.advance(Duration.ofSeconds(1));
        answer(store.begin(request(null, "second chain"), "socket-1"), "ws-1", "acc-a", "resp_2");
        answer(store.begin(request(null, "another socket"), "socket-2"), "ws-2", "acc-a", "resp_3");
        ObjectNode continued = request("resp_1", "more");
        ChainTurn turn = store.begin(continued, "socket-1");
        assertEquals("acc-a", turn.pinnedAccountId(), "still continued where upstream holds it");
        assertSame(continued, turn.bodyOn("ws-1", "acc-a", continued));
        assertThrows(ChainNotFound.class, () -> turn.bodyOn("ws-9", "acc-b", continued), "no longer replayable");
        ObjectNode other = request("resp_3", "more");
        assertEquals(3, texts(store.begin(other, "socket-2").bodyOn("ws-9", "acc-b", other)).size(),
                "another socket's chain is not charged for socket-1");
    }

    @Test
    void theTotalBoundDropsTheLeastRecentlyUsedChainsFirst() throws IOException {
        ChainStore store = new ChainStore(clock, 3600, 1 << 20, 500);
        answer(store.begin(request(null, "oldest"), null), null, "acc-a", "resp_1");
        answer(store.begin(request(null, "newer"), null), null, "acc-a", "resp_2");
        answer(store.begin(request(null, "newest"), null), null, "acc-a", "resp_3");
        ObjectNode onOldest = request("resp_1", "x");
        assertThrows(ChainNotFound.class, () -> store.begin(onOldest, null), "over HTTP, refused before going up");
        ObjectNode onNewest = request("resp_3", "x");
        assertEquals(3, texts(store.begin(onNewest, null).bodyOn(null, "acc-a", onNewest)).size());
        assertFalse(store.bytes() > 500, "held: " + store.bytes());
    }

    /** Relays a completed answer (one message item, as output_item.done) through the turn's capture. */
    private static void answer(ChainTurn turn, String connection, String account, String responseId)
            throws IOException {
        ObjectNode request = request(null, "unused");
        turn.bodyOn(connection, account, request);
        ObjectNode item = Json.object().put("id", "msg_" + responseId).put("type", "message").put("role", "assistant");
        item.putArray("content").addObject().put("type", "output_text").put("text", "answer to " + responseId);
        ObjectNode done = Json.object().put("type", "response.output_item.done").put("output_index", 0);
        done.set("item", item);
        ObjectNode completed = Json.object().put("type", "response.completed");
        completed.putObject("response").put("id", responseId).put("status", "completed").putArray("output");
        List<SseEvent> relayed = new ArrayList<>();
        var sink = turn.capture(relayed::add);
        sink.accept(SseEvent.of("response.output_item.done", Json.write(done)));
        sink.accept(SseEvent.of("response.completed", Json.write(completed)));
        assertEquals(2, relayed.size(), "every event passes on");
    }

    private static ObjectNode request(String previous, String text) {
        ObjectNode body = Json.object().put("model", "gpt-5.4");
        if (previous != null) {
            body.put("previous_response_id", previous);
        }
        ObjectNode message = body.putArray("input").addObject().put("type", "message").put("role", "user");
        message.putArray("content").addObject().put("type", "input_text").put("text", text);
        return body;
    }

    private static List<String> texts(ObjectNode body) {
        List<String> texts = new ArrayList<>();
        for (JsonNode item : body.path("input")) {
            texts.add(item.path("content").get(0).path("text").asText());
        }
        return texts;
    }
}
