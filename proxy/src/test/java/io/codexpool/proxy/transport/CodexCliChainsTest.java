package io.codexpool.proxy.transport;

import java.nio.file.Path;
import java.util.List;

import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.fake.RecordedRequest;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real Codex CLI over WebSocket keeps its conversation when its account is limited in the middle of a chain. */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
class CodexCliChainsTest {
    @Inject
    WebTarget target;
    @Inject
    ProxyTestKit kit;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target, UpstreamTransport.DEFAULT);
    }

    @Test
    void theCodexCliGetsItsFinalAnswerWhenItsAccountIsLimitedRightAfterAToolCall(@TempDir Path home)
            throws Exception {
        CodexCliToolCall.limitedRightAfterTheToolCall(kit, target, home);
        List<RecordedRequest> onB = CodexCliToolCall.toolResultsOnB();
        assertEquals(1, onB.size(), "the pool replayed the tool result once, the CLI did not retry: " + onB);
        assertFalse(onB.getFirst().json().has("previous_response_id"), "self-contained");
        assertTrue(onB.getFirst().body().contains("\"function_call\""), "with the call it answers");
        assertFalse(kit.awaitRows(row -> row.getChainReplay() != null, 1).isEmpty(), "the request log names it");
    }
}
