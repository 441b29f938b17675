package io.codexpool.proxy.transport;

import java.nio.file.Path;
import java.util.List;

import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.apikeys.TestKeys;
import io.codexpool.proxy.fake.FakeChatGptBackend;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Codex CLI, installed from npm at test time, with its provider's {@code env_key} holding a Codex Pool API
 * key while keys are required: a valid key is served over HTTP and over WebSocket, a wrong one gets the 401 message
 * and nothing reaches upstream.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
@AddBean(TestKeys.class)
class RealCodexCliKeysTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;

    @Inject
    WebTarget target;
    @Inject
    ProxyTestKit kit;
    @Inject
    TestKeys keys;

    @BeforeEach
    void cleanSlate() {
        kit.reset(target, UpstreamTransport.DEFAULT);
        kit.account("acc-a", 10, 10);
        keys.deleteAll();
        keys.require(true, true);
    }

    @Test
    void theCodexCliWithAValidKeyIsServedOverHttp(@TempDir Path home) throws Exception {
        // HTTP all the way: under auto its native headers would send the upstream leg over WebSocket
        kit.reset(target, UpstreamTransport.HTTP);
        kit.account("acc-a", 10, 10);
        keys.require(true, true);
        String key = keys.create("codex over http");
        NpmTool.Result result = codexExec(home, false, key);
        NpmTool.requireNoFailure(result, "codex exec");
        assertTrue(result.stdout().contains("Hello from acc-a"), result.stdout() + "\n" + result.stderr());
        assertTrue(!turns().isEmpty() && turns().stream().allMatch(r -> r.method().equals("POST")), turns().toString());
        String keyId = keys.row(key).getId();
        assertTrue(!kit.awaitRows(row -> keyId.equals(row.getApiKeyId()), 1).isEmpty());
    }

    @Test
    void theCodexCliWithAValidKeyIsServedOverWebSocket(@TempDir Path home) throws Exception {
        String key = keys.create("codex over websocket");
        NpmTool.Result result = codexExec(home, true, key);
        NpmTool.requireNoFailure(result, "codex exec");
        assertTrue(result.stdout().contains("Hello from acc-a"), result.stdout() + "\n" + result.stderr());
        assertTrue(turns().stream().anyMatch(r -> r.method().equals("WS") && !r.json().has("generate")),
                "the real turn went over WebSocket: " + turns());
    }

    @Test
    void theCodexCliWithAWrongKeyShowsThe401MessageAndNothingReachesUpstream(@TempDir Path home)
            throws Exception {
        keys.create("the only key");
        NpmTool.Result result = codexExec(home, true, "cpk_wrong-key-for-this-test");
        assertNotEquals(0, result.exitCode(), result.stdout());
        String output = result.stdout() + result.stderr();
        assertTrue(output.contains("Invalid API key"), "the CLI shows the 401 message: " + output);
        assertEquals(List.of(), turns(), "no request reached upstream");
    }

    private List<RecordedRequest> turns() {
        return BACKEND.requests().stream().filter(r -> r.pathWithoutQuery().endsWith("/codex/responses")).toList();
    }

    private NpmTool.Result codexExec(Path home, boolean webSockets, String key) throws Exception {
        // no retries: a refused key must show its message at once
        String lines = "request_max_retries = 0\nstream_max_retries = 0\n"
                + (webSockets ? "supports_websockets = true" : "");
        return NpmTool.codexExec(NpmTool.CodexCli.CURRENT, home, target.path("/backend-api/codex").getUri().toString(),
                lines, key, "say hi");
    }
}
