package io.codexpool.proxy.sticky;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

import io.codexpool.persistence.sticky.StickySessionRepository;
import io.codexpool.proxy.settings.SettingsCache;
import io.codexpool.proxy.support.EagerBackgroundWork;
import io.codexpool.proxy.support.JobLeases;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Deletes {@code prompt_cache} mappings unused for longer than the affinity TTL, every few minutes, on one replica. */
@ApplicationScoped
public class StickyCleanup extends EagerBackgroundWork {
    private static final Logger LOG = Logger.getLogger(StickyCleanup.class.getName());

    private final StickySessionRepository repository;
    private final SettingsCache settings;
    private final Clock clock;
    private final JobLeases leases;
    private final Duration every;

    @Inject
    public StickyCleanup(StickySessionRepository repository, SettingsCache settings, Clock clock, JobLeases leases,
                         @ConfigProperty(name = "codexpool.sticky.cleanup-seconds", defaultValue = "300")
                         long everySeconds) {
        this.repository = repository;
        this.settings = settings;
        this.clock = clock;
        this.leases = leases;
        this.every = Duration.ofSeconds(everySeconds);
    }

    @Override
    protected List<AutoCloseable> startWork() {
        // one replica at a time is enough; the lease hands the job over when its holder stops
        return List.of(leases.schedule("sticky-cleanup", every, this::deleteExpired));
    }

    /** Deletes the expired rows now and returns how many went. */
    public int deleteExpired() {
        int deleted = repository.deleteExpiredPromptCache(
                clock.instant().minusSeconds(settings.current().promptCacheAffinityTtlSeconds()));
        if (deleted > 0) {
            LOG.info(() -> "deleted " + deleted + " expired prompt-cache mappings");
        }
        return deleted;
    }
}
