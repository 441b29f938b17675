package io.codexpool.proxy.upstream;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where the ChatGPT backend is and how long to wait for it. */
@ApplicationScoped
public class UpstreamConfig {
    private final String baseUrl;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final int maxEventBytes;

    @Inject
    public UpstreamConfig(
            @ConfigProperty(name = "codexpool.upstream.base-url", defaultValue = "https://chatgpt.com/backend-api")
            String baseUrl,
            @ConfigProperty(name = "codexpool.upstream.connect-timeout-seconds", defaultValue = "8")
            long connectTimeoutSeconds,
            @ConfigProperty(name = "codexpool.upstream.idle-timeout-seconds", defaultValue = "300")
            long idleTimeoutSeconds,
            @ConfigProperty(name = "codexpool.upstream.max-event-bytes", defaultValue = "16777216")
            int maxEventBytes) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.connectTimeout = Duration.ofSeconds(connectTimeoutSeconds);
        this.idleTimeout = Duration.ofSeconds(idleTimeoutSeconds);
        this.maxEventBytes = maxEventBytes;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public int maxEventBytes() {
        return maxEventBytes;
    }
}
