package io.codexpool.persistence.models;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The upstream model list ({@code {"models":[...]}}, as fetched) of one plan. */
@Entity
@Table(name = "plan_models")
public class PlanModels {
    @Id
    @Column(name = "plan_type", length = 32)
    private String planType;

    @Column(name = "models_json", nullable = false)
    private String modelsJson;

    @Column(name = "fetched_at", nullable = false)
    private Instant fetchedAt;

    protected PlanModels() {
    }

    public PlanModels(String planType, String modelsJson, Instant fetchedAt) {
        if (planType == null || modelsJson == null || fetchedAt == null) {
            throw new IllegalArgumentException("plan type, models and fetch time are required");
        }
        this.planType = planType;
        this.modelsJson = modelsJson;
        this.fetchedAt = fetchedAt;
    }

    public String getPlanType() {
        return planType;
    }

    public String getModelsJson() {
        return modelsJson;
    }

    public Instant getFetchedAt() {
        return fetchedAt;
    }
}
