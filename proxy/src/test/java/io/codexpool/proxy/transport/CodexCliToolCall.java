package io.codexpool.proxy.transport;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.RecordedRequest;
import io.codexpool.proxy.fake.Reply;
import io.codexpool.proxy.testing.ProxyTestKit;

import jakarta.ws.rs.client.WebTarget;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Codex CLI over WebSocket on a turn whose model calls a tool, with the account that answered the call
 * limited right after it: the tool result cannot stay where its chain is.
 */
final class CodexCliToolCall {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;

    private CodexCliToolCall() {
    }

    /** Runs {@code codex exec} with acc-a answering a tool call and then its limit, acc-b free; returns its output. */
    static NpmTool.Result limitedRightAfterTheToolCall(ProxyTestKit kit, WebTarget target, Path home)
            throws Exception {
        kit.account("acc-a", 10, 10);
        kit.account("acc-b", 50, 50);
        // a tool the CLI does not have: it still answers the call, with an error text as the tool's output
        BACKEND.account("acc-a").enqueue(Reply.functionCall("codexpool_probe", "{}"),
                Reply.usageLimitReached(Instant.now().plusSeconds(3600)));
        NpmTool.Result result = NpmTool.codexExec(NpmTool.CodexCli.CURRENT, home,
                target.path("/backend-api/codex").getUri().toString(), true, "call the probe tool");
        NpmTool.requireNoFailure(result, "codex exec");
        assertTrue(result.stdout().contains("Hello from acc-b"), "the CLI printed the final answer:\n"
                + result.stdout() + "\n" + result.stderr());
        return result;
    }

    /** acc-b's turns that carried the tool's output. */
    static List<RecordedRequest> toolResultsOnB() {
        return BACKEND.requests("acc-b", "/codex/responses").stream()
                .filter(r -> r.body().contains("function_call_output")).toList();
    }
}
