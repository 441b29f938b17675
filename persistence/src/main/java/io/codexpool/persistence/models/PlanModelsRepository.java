package io.codexpool.persistence.models;

import java.util.List;

import io.codexpool.persistence.database.Jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
public class PlanModelsRepository {
    private final Jpa jpa;

    @Inject
    public PlanModelsRepository(Jpa jpa) {
        this.jpa = jpa;
    }

    public List<PlanModels> findAll() {
        return jpa.read(em -> em.createQuery("select p from PlanModels p order by p.planType", PlanModels.class)
                .getResultList());
    }

    /** Inserts or replaces the plan's list. */
    public void save(PlanModels models) {
        jpa.run(em -> em.merge(models));
    }
}
