package io.codexpool.persistence.database;

import java.nio.file.Path;

import org.eclipse.microprofile.config.Config;

/** The service's own directory: embedded database files and the encryption key live here. */
public final class DataDirectory {
    private DataDirectory() {
    }

    public static Path resolve(Config config) {
        return config.getOptionalValue("codexpool.data-dir", String.class)
                .filter(dir -> !dir.isBlank())
                .map(dir -> dir.startsWith("~/") ? Path.of(System.getProperty("user.home"), dir.substring(2))
                        : Path.of(dir))
                .orElse(Path.of(System.getProperty("user.home"), ".codex-pool"))
                .toAbsolutePath();
    }
}
