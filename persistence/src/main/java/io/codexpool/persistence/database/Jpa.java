package io.codexpool.persistence.database;

import java.util.function.Consumer;
import java.util.function.Function;

import io.codexpool.persistence.support.ConflictRetry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;

/**
 * Runs work in a short-lived entity manager, inside a resource-local transaction. A transaction aborted for a conflict
 * (see {@link ConflictRetry}) runs again from the start in a new entity manager, so work must be fit to repeat.
 */
@ApplicationScoped
public class Jpa {
    private final EntityManagerFactory factory;

    @Inject
    public Jpa(EntityManagerFactory factory) {
        this.factory = factory;
    }

    public <T> T transaction(Function<EntityManager, T> work) {
        return ConflictRetry.run("transaction", () -> attempt(work));
    }

    private <T> T attempt(Function<EntityManager, T> work) {
        EntityManager em = factory.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    public void run(Consumer<EntityManager> work) {
        transaction(em -> {
            work.accept(em);
            return null;
        });
    }

    public <T> T read(Function<EntityManager, T> work) {
        EntityManager em = factory.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }
}
