package io.codexpool.proxy.transport;

import java.nio.file.Path;
import java.util.List;

import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.fake.RecordedRequest;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With a chain bound of one byte the pool keeps no chain's items, so a tool result that must move cannot be replayed:
 * the real Codex CLI, told so with the recoverable error, starts over on a new socket with its whole history.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
@AddConfig(key = "codexpool.chains.max-socket-bytes", value = "1")
class CodexCliChainRecoveryTest {
    @Inject
    WebTarget target;
    @Inject
    ProxyTestKit kit;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target, UpstreamTransport.DEFAULT);
    }

    @Test
    void theCodexCliResendsItsWholeHistoryWhenThePoolCannotReplayItsChain(@TempDir Path home) throws Exception {
        CodexCliToolCall.limitedRightAfterTheToolCall(kit, target, home);
        List<RecordedRequest> onB = CodexCliToolCall.toolResultsOnB();
        assertFalse(onB.isEmpty(), "the CLI's retry reached acc-b");
        RecordedRequest retry = onB.getLast();
        assertFalse(retry.json().has("previous_response_id"), "the CLI started over: " + retry);
        assertTrue(retry.body().contains("\"function_call\""), "with its whole history");
        assertFalse(kit.awaitRows(row -> "previous_response_not_found".equals(row.getErrorCode()), 1).isEmpty(),
                "the turn that could not move was answered with the recoverable error");
    }
}
