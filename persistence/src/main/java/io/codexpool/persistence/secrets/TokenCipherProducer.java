package io.codexpool.persistence.secrets;

import java.nio.file.Path;

import io.codexpool.persistence.database.DataDirectory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * The key comes from {@code codexpool.encryption-key} (base64) when set, else from the key file.
 */
@ApplicationScoped
public class TokenCipherProducer {
    /** Creates the key file on the first start rather than at the first account import. */
    void loadKeyAtStartup(@Observes @Initialized(ApplicationScoped.class) Object event, TokenCipher cipher) {
        // injecting the cipher is what loads or creates the key
    }

    @Produces
    @Singleton
    TokenCipher tokenCipher(Config config) {
        return config.getOptionalValue("codexpool.encryption-key", String.class)
                .filter(key -> !key.isBlank())
                .map(key -> new TokenCipher(EncryptionKeyFile.decode(key, "codexpool.encryption-key")))
                .orElseGet(() -> new TokenCipher(EncryptionKeyFile.loadOrCreate(keyFile(config))));
    }

    static Path keyFile(Config config) {
        return config.getOptionalValue("codexpool.encryption-key-file", String.class)
                .filter(file -> !file.isBlank())
                .map(Path::of)
                .orElseGet(() -> DataDirectory.resolve(config).resolve("encryption.key"));
    }
}
