package io.codexpool.persistence.settings;

import io.codexpool.persistence.database.Jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
public class SettingsRepository {
    private final Jpa jpa;

    @Inject
    public SettingsRepository(Jpa jpa) {
        this.jpa = jpa;
    }

    /** The settings row; the initial migration inserts it, so it always exists. */
    public Settings load() {
        return jpa.read(em -> em.find(Settings.class, Settings.ROW_ID));
    }

    public Settings save(Settings settings) {
        return jpa.transaction(em -> em.merge(settings));
    }
}
