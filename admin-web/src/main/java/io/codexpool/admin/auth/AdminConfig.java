package io.codexpool.admin.auth;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The admin site's start-up configuration (MicroProfile Config; see README). */
@ApplicationScoped
public class AdminConfig {
    private final Optional<String> apiToken;
    private final Optional<String> bootstrapToken;
    private final Duration sessionLifetime;
    private final boolean loopbackSetup;

    @Inject
    public AdminConfig(@ConfigProperty(name = "codexpool.admin.api-token") Optional<String> apiToken,
                       @ConfigProperty(name = "codexpool.admin.bootstrap-token") Optional<String> bootstrapToken,
                       @ConfigProperty(name = "codexpool.admin.session-hours", defaultValue = "12") int sessionHours,
                       @ConfigProperty(name = "codexpool.admin.loopback-setup", defaultValue = "true")
                       boolean loopbackSetup) {
        this.apiToken = apiToken.filter(token -> !token.isBlank());
        this.bootstrapToken = bootstrapToken.filter(token -> !token.isBlank());
        this.sessionLifetime = Duration.ofHours(sessionHours);
        this.loopbackSetup = loopbackSetup;
    }

    /**
     * Whether a browser on this machine may set the first password without the bootstrap token. Off behind a reverse
     * proxy on the same host, where every browser arrives from loopback.
     */
    public boolean loopbackSetup() {
        return loopbackSetup;
    }

    /** The bearer token scripts may use on {@code /api/admin}; none by default, so only sessions get in. */
    public Optional<String> apiToken() {
        return apiToken;
    }

    public Optional<String> bootstrapToken() {
        return bootstrapToken;
    }

    public Duration sessionLifetime() {
        return sessionLifetime;
    }
}
