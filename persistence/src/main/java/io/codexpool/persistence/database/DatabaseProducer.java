package io.codexpool.persistence.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import org.eclipse.microprofile.config.Config;

/**
 * Opens the database from MicroProfile Config before anything else starts, and produces the data source and the
 * entity manager factory; Liquibase has migrated the schema before JPA opens.
 */
@ApplicationScoped
public class DatabaseProducer {
    private static final String PERSISTENCE_UNIT = "codexpool";

    /** Opens the database as the container starts, so a bad URL stops start-up instead of the first request. */
    void openAtStartup(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class)
                       Object event, Database database) {
        // injecting the database is what opens it
    }

    @Produces
    @Singleton
    Database database(Config config) {
        return Database.open(settings(config));
    }

    void closeDatabase(@Disposes Database database) {
        database.close();
    }

    @Produces
    @Singleton
    DataSource dataSource(Database database) {
        return database.dataSource();
    }

    @Produces
    @Singleton
    EntityManagerFactory entityManagerFactory(Database database) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("jakarta.persistence.nonJtaDataSource", database.dataSource());
        return Persistence.createEntityManagerFactory(PERSISTENCE_UNIT, properties);
    }

    void closeEntityManagerFactory(@Disposes EntityManagerFactory factory) {
        factory.close();
    }

    static DatabaseSettings settings(Config config) {
        Path dataDir = DataDirectory.resolve(config);
        return new DatabaseSettings(
                config.getOptionalValue("codexpool.db.url", String.class).filter(url -> !url.isBlank()),
                config.getOptionalValue("codexpool.db.user", String.class).orElse("root"),
                config.getOptionalValue("codexpool.db.password", String.class).orElse(""),
                dataDir,
                config.getOptionalValue("codexpool.db.embedded-port", Integer.class).orElse(0),
                config.getOptionalValue("codexpool.db.pool-size", Integer.class).orElse(16),
                Duration.ofSeconds(config.getOptionalValue("codexpool.db.connect-timeout-seconds", Integer.class)
                        .orElse(10)));
    }
}
