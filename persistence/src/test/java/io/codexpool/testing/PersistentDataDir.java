package io.codexpool.testing;

import java.nio.file.Path;

/**
 * A service data directory under {@code target/data-dirs}, deleted when the JVM exits. It is outside the temp
 * directory on purpose: the embedded MariaDB wipes data kept under {@code java.io.tmpdir} on every start (tests point
 * that at {@code target/tmp}).
 */
public final class PersistentDataDir {
    private PersistentDataDir() {
    }

    public static Path create() {
        return TestFolders.deletedAtExit("data-dirs");
    }
}
