package io.codexpool.admin.auth;

import java.time.Instant;
import java.util.Optional;

import io.codexpool.persistence.admin.AdminSession;
import io.codexpool.persistence.admin.AdminSessionRepository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Opens, finds and closes admin sessions; the cookie carries a random token whose hash is the row's key. */
@ApplicationScoped
public class AdminSessions {
    public static final String COOKIE = "codexpool_session";

    private final AdminSessionRepository repository;
    private final AdminConfig config;

    @Inject
    public AdminSessions(AdminSessionRepository repository, AdminConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** Returns the cookie value of a new session. */
    public String open() {
        Instant now = Instant.now();
        repository.deleteExpired(now);
        String token = Secrets.randomToken();
        repository.save(new AdminSession(Secrets.sha256Hex(token), Secrets.randomToken(), now,
                now.plus(config.sessionLifetime())));
        return token;
    }

    public Optional<AdminSession> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isBlank()) {
            return Optional.empty();
        }
        return repository.findLive(Secrets.sha256Hex(cookieValue), Instant.now());
    }

    public void close(String cookieValue) {
        if (cookieValue != null && !cookieValue.isBlank()) {
            repository.delete(Secrets.sha256Hex(cookieValue));
        }
    }

    public long lifetimeSeconds() {
        return config.sessionLifetime().toSeconds();
    }
}
