package io.codexpool.proxy.transport;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.persistence.sticky.StickyKind;
import io.codexpool.persistence.sticky.StickySessionId;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.RecordedRequest;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.proxy.sticky.StickyView;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.Poll;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A client WebSocket that closes while its turn has no event yet: the turn stops there, on its one account, and
 * leaves nothing open upstream.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
class ClientWebSocketCancelTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;
    private static final String TURN = ClientFrames.turn("hi");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    WebTarget target;
    @Inject
    ProxyTestKit kit;
    @Inject
    AccountPool pool;
    @Inject
    StickyView sticky;

    private Set<String> accounts;
    private String pinned;

    @BeforeEach
    void threeHealthyAccounts() {
        kit.reset(target, UpstreamTransport.DEFAULT);
        pinned = kit.account("acc-cancel", 10, 10);
        accounts = Set.of(pinned, kit.account("acc-b", 20, 20), kit.account("acc-c", 30, 30));
    }

    @Test
    void aClientClosingBeforeTheFirstEventEndsItsTurnWithoutRetriesOrRebinding() throws Exception {
        BACKEND.account("acc-cancel").enqueue(Reply.text("never sent").stallAfter(0));
        try (ClientSocketRecorder client = connect("ws-cancel-waiting")) {
            client.send(TURN);
            Poll.until("the turn upstream", WAIT, () -> BACKEND.turns().size() == 1);
        }
        assertCancelledOnItsAccountOnly("ws-cancel-waiting");
        assertEquals(List.of("acc-cancel"), BACKEND.turns().stream().map(RecordedRequest::accountId).toList());
    }

    @Test
    void aClientClosingWhileItsTurnConnectsLeavesNoUpstreamSocketOpen() throws Exception {
        BACKEND.holdWebSocketHandshakes();
        try (ClientSocketRecorder client = connect("ws-cancel-connecting")) {
            client.send(TURN);
            Poll.until("the upstream handshake", WAIT, () -> BACKEND.webSocketHandshakes().size() == 1);
        }
        RequestLog row = awaitCancelledRow();
        BACKEND.releaseWebSocketHandshakes();
        // the handshake completes after the proxy gave up on it: the socket must then be closed, not kept
        Poll.until("the late socket opened and closed", WAIT,
                () -> BACKEND.webSocketsOpened("acc-cancel") == 1 && BACKEND.openWebSockets("acc-cancel") == 0);
        assertCancelledOnItsAccountOnly("ws-cancel-connecting");
        assertEquals(pinned, row.getAccountId());
        assertEquals(List.of(), BACKEND.turns(), "no turn sent on the abandoned socket");
    }

    private void assertCancelledOnItsAccountOnly(String session) {
        RequestLog row = awaitCancelledRow();
        assertEquals(499, row.getStatusCode());
        assertEquals("client_closed", row.getErrorCode());
        assertEquals(1, BACKEND.webSocketHandshakes().size(), "one upstream handshake: no retries");
        Poll.until("every upstream socket closed", WAIT, () -> BACKEND.openWebSockets("acc-cancel") == 0);
        for (String account : accounts) {
            assertNull(pool.get(account).orElseThrow().lastError(), "no error charged to " + account);
        }
        assertEquals(pinned, sticky.get(new StickySessionId(session, StickyKind.CODEX_SESSION)).accountId(),
                "the session keeps its account");
    }

    private RequestLog awaitCancelledRow() {
        List<RequestLog> rows = kit.awaitRows(row -> row.getAccountId() != null
                && accounts.contains(row.getAccountId()), 1);
        assertEquals(1, rows.size(), "one request-log row for the turn: " + rows);
        return rows.getFirst();
    }

    private ClientSocketRecorder connect(String session) {
        return ClientSocketRecorder.connect(ClientFrames.ws(target, "/backend-api/codex/responses"), "session-id",
                session);
    }
}
