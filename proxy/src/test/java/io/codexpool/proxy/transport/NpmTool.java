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
 * Test-only: installs pinned npm packages into {@code target/npm} (never committed) and runs their programs. Tests
 * are skipped, with the reason, only when npm itself is absent; a failing install fails the test.
 */
final class NpmTool {
    static final Path DIR = Path.of("target", "npm").toAbsolutePath();

    private NpmTool() {
    }

    /** Installs the packages (e.g. {@code openai@6.49.0}) unless a previous run did. */
    static void install(String... packages) throws Exception {
        assumeTrue(onPath("npm"), "npm is not installed on this machine: the real-client tests need it");
        Files.createDirectories(DIR);
        List<String> command = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund",
                "--no-save", "--prefix", DIR.toString()));
        command.addAll(List.of(packages));
        Result result = run(command, Map.of(), DIR, 600);
        assertEquals(0, result.exitCode(), "npm install " + String.join(" ", packages) + " failed:\n"
                + result.stderr());
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

    static void requireNoFailure(Result result, String what) {
        assertEquals(0, result.exitCode(), what + " failed:\nstdout:\n" + result.stdout() + "\nstderr:\n"
                + result.stderr());
    }
}
