package io.codexpool.proxy.transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.RecordedRequest;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.TestDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real clients installed from npm at test time, through Codex Pool against the fake backend: the official
 * {@code openai} SDK on Chat Completions and Responses, and the current and the previous Codex CLI release over HTTP
 * and over WebSocket.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
class RealClientsTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;


    @Inject
    WebTarget target;
    @Inject
    ProxyTestKit kit;


    @BeforeEach
    void cleanSlate() {
        kit.reset(target, UpstreamTransport.DEFAULT);
        kit.account("acc-a", 10, 10);
    }

    @Test
    void theOpenAiSdkStreamsChatCompletionsToDoneAndGetsAChatCompletionWithoutStream() throws Exception {
        JsonNode summary = runSdkScript("openai-chat.mjs");
        assertEquals("Hello from acc-a", summary.get("streamed").asText());
        assertTrue(summary.get("done").asBoolean());
        assertEquals("chat.completion", summary.get("object").asText());
        assertEquals("Hello from acc-a", summary.get("content").asText());
    }

    @Test
    void theOpenAiSdkGetsTheAnswerTextOfAResponseWithoutStream() throws Exception {
        JsonNode summary = runSdkScript("openai-responses.mjs");
        assertEquals("response", summary.get("object").asText());
        assertEquals("completed", summary.get("status").asText());
        assertEquals("Hello from acc-a", summary.get("outputText").asText(),
                "the backend's final event has no output; the items come from output_item.done");
        assertEquals(1, summary.get("items").asInt());
    }

    @Test
    void theOpenAiSdkContinuesAResponseByItsIdAndUpstreamGetsTheWholeConversation() throws Exception {
        JsonNode summary = runSdkScript("openai-responses-chain.mjs");
        assertEquals("Hello from acc-a", summary.get("firstText").asText());
        assertEquals("completed", summary.get("secondStatus").asText());
        assertEquals("Hello from acc-a", summary.get("secondText").asText());
        JsonNode second = BACKEND.turns().getLast().json();
        assertTrue(!second.has("previous_response_id"), second.toString());
        List<String> roles = new ArrayList<>();
        second.path("input").forEach(item -> roles.add(item.path("role").asText()));
        assertEquals(List.of("user", "assistant", "user"), roles, "the whole conversation: " + second);
    }

    /** Runs one of src/test/node's scripts with the official openai SDK against /v1; returns its JSON summary. */
    private JsonNode runSdkScript(String name) throws Exception {
        NpmTool.install();
        Path copy = NpmTool.DIR.resolve(name); // next to node_modules, so the import resolves
        Files.copy(Path.of("src", "test", "node", name).toAbsolutePath(), copy,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        NpmTool.Result result = NpmTool.run(List.of("node", copy.toString(), uri("/v1")), Map.of(), NpmTool.DIR,
                120);
        NpmTool.requireNoFailure(result, "the openai SDK script " + name);
        return Json.MAPPER.readTree(result.stdout().strip().lines().reduce((a, b) -> b).orElseThrow());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(NpmTool.CodexCli.class)
    void theCodexCliAnswersThroughCodexPoolOverHttp(NpmTool.CodexCli cli, @TempDir Path home) throws Exception {
        // HTTP all the way: under auto its native headers would send the upstream leg over WebSocket
        kit.reset(target, UpstreamTransport.HTTP);
        kit.account("acc-a", 10, 10);
        NpmTool.Result result = codexExec(cli, home, false);
        assertTrue(result.stdout().contains("Hello from acc-a"), result.stdout() + "\n" + result.stderr());
        List<RecordedRequest> turns = BACKEND.requests().stream()
                .filter(r -> r.pathWithoutQuery().endsWith("/codex/responses")).toList();
        assertTrue(!turns.isEmpty() && turns.stream().allMatch(r -> r.method().equals("POST")), turns.toString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(NpmTool.CodexCli.class)
    void theCodexCliAnswersThroughCodexPoolOverWebSocket(NpmTool.CodexCli cli, @TempDir Path home) throws Exception {
        NpmTool.Result result = codexExec(cli, home, true);
        assertTrue(result.stdout().contains("Hello from acc-a"), result.stdout() + "\n" + result.stderr());
        List<RecordedRequest> turns = BACKEND.requests().stream()
                .filter(r -> r.pathWithoutQuery().endsWith("/codex/responses")).toList();
        assertTrue(turns.stream().anyMatch(r -> r.method().equals("WS") && !r.json().has("generate")),
                "the real turn went over WebSocket: " + turns);
    }

    private NpmTool.Result codexExec(NpmTool.CodexCli cli, Path home, boolean webSockets) throws Exception {
        NpmTool.Result result = NpmTool.codexExec(cli, home, uri("/backend-api/codex"), webSockets, "say hi");
        NpmTool.requireNoFailure(result, "codex exec");
        return result;
    }

    private String uri(String path) {
        return target.path(path).getUri().toString();
    }
}
