--liquibase formatted sql

--changeset codexpool:003-job-leases
-- One row per periodic job (usage poll, model refresh, sticky cleanup, ...): the replica named in holder runs it until
-- expires_at; a holder that dies stops renewing and another replica takes over. Times come from the database's own
-- clock (NOW(6)), so replicas with skewed clocks still agree. last_run_at lets a new holder keep the job's rhythm.
CREATE TABLE job_leases (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    holder      VARCHAR(128) NULL,
    expires_at  DATETIME(6)  NOT NULL,
    last_run_at DATETIME(6)  NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

--changeset codexpool:003-plan-models
-- The upstream model list of each plan, as fetched by the replica holding the model-refresh lease; every replica
-- reads it from here.
CREATE TABLE plan_models (
    plan_type   VARCHAR(32)  NOT NULL PRIMARY KEY,
    models_json MEDIUMTEXT   NOT NULL,
    fetched_at  DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
