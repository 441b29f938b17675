package io.codexpool.proxy.settings;

import java.time.Duration;
import java.util.List;

import io.codexpool.persistence.settings.SettingsRepository;
import io.codexpool.proxy.support.BackgroundWork;
import io.codexpool.proxy.support.Periodic;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The settings row kept in memory and re-read every second, so an admin's change is in force on every replica
 * within two seconds and no request waits for the database.
 */
@ApplicationScoped
public class SettingsCache extends BackgroundWork {
    private final SettingsRepository repository;
    private final Duration refreshEvery;
    private volatile RoutingSettings current = RoutingSettings.DEFAULTS;

    @Inject
    public SettingsCache(SettingsRepository repository,
                         @ConfigProperty(name = "codexpool.settings.refresh-millis", defaultValue = "1000")
                         long refreshMillis) {
        this.repository = repository;
        this.refreshEvery = Duration.ofMillis(refreshMillis);
    }

    @Override
    protected List<AutoCloseable> startWork() {
        refresh();
        return List.of(new Periodic("settings-refresh", refreshEvery, this::refresh));
    }

    public RoutingSettings current() {
        return current;
    }

    /**
     * Re-reads the row now; also what an admin save on this replica calls to apply at once. One at a time: a
     * periodic read that began before a save must not land after the save's own refresh and undo it.
     */
    public synchronized void refresh() {
        current = RoutingSettings.of(repository.load());
    }
}
