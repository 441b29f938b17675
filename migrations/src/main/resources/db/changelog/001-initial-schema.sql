--liquibase formatted sql

--changeset codexpool:001-accounts
CREATE TABLE accounts (
    id                  VARCHAR(36)   NOT NULL PRIMARY KEY,
    email               VARCHAR(320)  NULL,
    chatgpt_account_id  VARCHAR(128)  NULL,
    plan_type           VARCHAR(32)   NULL,
    status              VARCHAR(32)   NOT NULL,
    deactivation_reason VARCHAR(1000) NULL,
    access_token_enc    BLOB          NULL,
    refresh_token_enc   BLOB          NULL,
    id_token_enc        MEDIUMBLOB    NULL,
    last_refresh_at     DATETIME(6)   NULL,
    created_at          DATETIME(6)   NOT NULL,
    reset_at            DATETIME(6)   NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ix_accounts_chatgpt_account_id ON accounts (chatgpt_account_id);

--changeset codexpool:001-usage-samples
CREATE TABLE usage_samples (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    account_id     VARCHAR(36)  NOT NULL,
    usage_window   VARCHAR(16)  NOT NULL,
    used_percent   DOUBLE       NOT NULL,
    window_minutes INT          NULL,
    reset_at       DATETIME(6)  NULL,
    recorded_at    DATETIME(6)  NOT NULL,
    source         VARCHAR(16)  NOT NULL,
    CONSTRAINT fk_usage_samples_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ix_usage_samples_account_time ON usage_samples (account_id, recorded_at);
CREATE INDEX ix_usage_samples_time ON usage_samples (recorded_at);

--changeset codexpool:001-request-logs
CREATE TABLE request_logs (
    id                  BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
    request_id          VARCHAR(128)   NOT NULL,
    requested_at        DATETIME(6)    NOT NULL,
    account_id          VARCHAR(36)    NULL,
    account_email       VARCHAR(320)   NULL,
    route               VARCHAR(64)    NOT NULL,
    model               VARCHAR(128)   NULL,
    transport           VARCHAR(16)    NOT NULL,
    reasoning_effort    VARCHAR(32)    NULL,
    service_tier        VARCHAR(32)    NULL,
    input_tokens        BIGINT         NULL,
    cached_input_tokens BIGINT         NULL,
    output_tokens       BIGINT         NULL,
    reasoning_tokens    BIGINT         NULL,
    latency_ms          BIGINT         NOT NULL,
    first_token_ms      BIGINT         NULL,
    status_code         INT            NOT NULL,
    status              VARCHAR(16)    NOT NULL,
    error_code          VARCHAR(128)   NULL,
    error_message       VARCHAR(2000)  NULL,
    cost_usd            DECIMAL(18, 8) NULL,
    CONSTRAINT fk_request_logs_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ix_request_logs_time ON request_logs (requested_at);
CREATE INDEX ix_request_logs_account_time ON request_logs (account_id, requested_at);
CREATE INDEX ix_request_logs_model_time ON request_logs (model, requested_at);

--changeset codexpool:001-sticky-sessions
CREATE TABLE sticky_sessions (
    session_key VARCHAR(255) NOT NULL,
    kind        VARCHAR(32)  NOT NULL,
    account_id  VARCHAR(36)  NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    updated_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (session_key, kind),
    CONSTRAINT fk_sticky_sessions_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ix_sticky_sessions_account ON sticky_sessions (account_id);
CREATE INDEX ix_sticky_sessions_kind_updated ON sticky_sessions (kind, updated_at);

--changeset codexpool:001-settings
CREATE TABLE settings (
    id                                INT           NOT NULL PRIMARY KEY,
    routing_strategy                  VARCHAR(32)   NOT NULL,
    budget_threshold_percent          DECIMAL(5, 2) NOT NULL,
    prefer_earlier_reset              BOOLEAN       NOT NULL,
    sticky_threads_enabled            BOOLEAN       NOT NULL,
    prompt_cache_affinity_ttl_seconds INT           NOT NULL,
    upstream_transport                VARCHAR(16)   NOT NULL,
    updated_at                        DATETIME(6)   NOT NULL,
    CONSTRAINT ck_settings_single_row CHECK (id = 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO settings (id, routing_strategy, budget_threshold_percent, prefer_earlier_reset, sticky_threads_enabled,
                      prompt_cache_affinity_ttl_seconds, upstream_transport, updated_at)
VALUES (1, 'capacity_weighted', 95.00, TRUE, TRUE, 1800, 'default', UTC_TIMESTAMP(6));
