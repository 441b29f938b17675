package io.codexpool.proxy.transport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Test-only: installs the real clients, pinned to exact versions, into {@code target/npm} (never committed) with one
 * {@code npm install} per test run, and runs their programs. Tests are skipped, with the reason, only when npm itself
 * is absent; a failing install fails the test.
 */
final class NpmTool {
    static final Path DIR = Path.of("target", "npm").toAbsolutePath();
    static final String OPENAI_SDK_VERSION = "7.60.0";
    private static boolean installed;

    private NpmTool() {
    }

    /** A Codex CLI release the tests run: the current one, and the one before under an npm alias. */
    enum CodexCli {
        CURRENT("@openai/codex", "0.171.0"),
        PREVIOUS("codex-0169", "npm:@openai/codex@0.169.0");

        private final String packageName;
        private final String dependency;

        CodexCli(String packageName, String dependency) {
            this.packageName = packageName;
            this.dependency = dependency;
        }

        /** The command that runs this release (both declare the same {@code codex} bin, so not through .bin). */
        List<String> command() {
            return List.of("node", DIR.resolve("node_modules").resolve(packageName).resolve("bin/codex.js")
                    .toString());
        }
    }

    /**
     * Installs the openai SDK and every {@link CodexCli} with one {@code npm install} of a generated package.json,
     * the first time a test asks in this JVM (npm keeps what an earlier run installed and fetches only what changed).
     */
    static synchronized void install() throws Exception {
        assumeTrue(onPath("npm"), "npm is not installed on this machine: the real-client tests need it");
        if (installed) {
            return;
        }
        Files.createDirectories(DIR);
        Files.writeString(DIR.resolve("package.json"), packageJson());
        Result result = run(List.of("npm", "install", "--no-audit", "--no-fund"), Map.of(), DIR, 600);
        assertEquals(0, result.exitCode(), "npm install in " + DIR + " failed:\n" + result.stderr());
        installed = true;
    }

    private static String packageJson() {
        StringBuilder dependencies = new StringBuilder("\"openai\": \"" + OPENAI_SDK_VERSION + "\"");
        for (CodexCli cli : CodexCli.values()) {
            dependencies.append(", \"").append(cli.packageName).append("\": \"").append(cli.dependency).append('"');
        }
        return "{\"private\": true, \"dependencies\": {" + dependencies + "}}\n";
    }

    static Result run(List<String> command, Map<String, String> env, Path workDir, long timeoutSeconds)
            throws Exception {
        Path out = Files.createTempFile("npm-tool", ".out");
        Path err = Files.createTempFile("npm-tool", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        new File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        assertTrue(finished, String.join(" ", command) + " did not finish within " + timeoutSeconds + " s:\n"
                + Files.readString(err));
        Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /**
     * Runs {@code codex exec} of this release on {@code prompt} with a {@code CODEX_HOME} in {@code home} whose provider
     * is Codex Pool at {@code baseUrl} (its {@code /backend-api/codex}), over WebSocket when {@code webSockets}.
     */
    static Result codexExec(CodexCli cli, Path home, String baseUrl, boolean webSockets, String prompt)
            throws Exception {
        return codexExec(cli, home, baseUrl, webSockets ? "supports_websockets = true" : "", "codex-kit-test",
                prompt);
    }

    /** As above, with these lines added to the provider's table and this bearer key. */
    static Result codexExec(CodexCli cli, Path home, String baseUrl, String providerLines, String key, String prompt)
            throws Exception {
        install();
        Files.writeString(home.resolve("config.toml"), """
                model = "gpt-5.4"
                model_provider = "codexpool"

                [model_providers.codexpool]
                name = "Codex Pool"
                base_url = "%s"
                wire_api = "responses"
                env_key = "CODEXPOOL_API_KEY"
                %s
                """.formatted(baseUrl, providerLines));
        List<String> command = new ArrayList<>(cli.command());
        command.addAll(List.of("exec", "--skip-git-repo-check", prompt));
        return run(command, Map.of("CODEX_HOME", home.toString(), "CODEXPOOL_API_KEY", key, "HOME",
                home.toString()), home, 180);
    }

    static void requireNoFailure(Result result, String what) {
        assertEquals(0, result.exitCode(), what + " failed:\nstdout:\n" + result.stdout() + "\nstderr:\n"
                + result.stderr());
    }
}
