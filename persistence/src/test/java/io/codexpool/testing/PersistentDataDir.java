package io.codexpool.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A data directory outside the system temp directory (where the embedded MariaDB wipes its data on start, and where
 * a CI checkout may itself live), deleted when the JVM exits.
 */
public final class PersistentDataDir {
    private PersistentDataDir() {
    }

    public static Path create() {
        Path dir = Path.of(System.getProperty("user.home"), ".codex-pool-test", UUID.randomUUID().toString());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        return dir;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
