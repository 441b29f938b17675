package io.codexpool.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Folders tests write to, all under the module's {@code target/} (the working directory of a Maven test run is the
 * module), so a test run leaves nothing anywhere else.
 */
public final class TestFolders {
    private TestFolders() {
    }

    /** A new, empty folder {@code target/<parent>/<random>}, deleted with its contents when the JVM exits. */
    public static Path deletedAtExit(String parent) {
        Path dir = Path.of("target", parent, UUID.randomUUID().toString()).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        return dir;
    }

    /** Deletes the folder and everything in it; a folder already gone is fine. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
