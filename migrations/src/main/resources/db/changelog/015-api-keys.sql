--liquibase formatted sql

--changeset codexpool:015-api-keys
-- Client API keys. The secret itself is never stored: key_hash is the hex SHA-256 of it, which is what a presented
-- key is looked up by; key_prefix is its first characters, for people to tell keys apart. Lists and rules are JSON
-- text: they are read whole into memory and never queried by their content.
CREATE TABLE api_keys (
    id                   VARCHAR(36)  NOT NULL PRIMARY KEY,
    name                 VARCHAR(200) NOT NULL,
    key_hash             CHAR(64)     NOT NULL,
    key_prefix           VARCHAR(16)  NOT NULL,
    enabled              BOOLEAN      NOT NULL,
    expires_at           DATETIME(6)  NULL,
    allowed_models       TEXT         NULL,
    account_ids          TEXT         NULL,
    max_concurrent_turns INT          NULL,
    limit_rules          TEXT         NULL,
    last_used_at         DATETIME(6)  NULL,
    created_at           DATETIME(6)  NOT NULL,
    updated_at           DATETIME(6)  NOT NULL,
    CONSTRAINT uq_api_keys_hash UNIQUE (key_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ix_api_keys_updated ON api_keys (updated_at);

--changeset codexpool:015-api-key-usage
-- What each key used, shared by the replicas: every replica adds its own increments to these rows (in batches, at
-- least once a second) and reads back the rows others changed. A row is one key's use of one model in one period:
-- span '5m' rows are five-minute buckets (summed for the rolling 5-hour rules), 'day', 'week' and 'month' rows are the
-- UTC calendar periods starting at period_start.
CREATE TABLE api_key_usage (
    api_key_id   VARCHAR(36)    NOT NULL,
    span         VARCHAR(8)     NOT NULL,
    period_start DATETIME(6)    NOT NULL,
    model        VARCHAR(128)   NOT NULL,
    requests     BIGINT         NOT NULL,
    tokens       BIGINT         NOT NULL,
    cost_usd     DECIMAL(18, 8) NOT NULL,
    updated_at   DATETIME(6)    NOT NULL,
    PRIMARY KEY (api_key_id, span, period_start, model),
    CONSTRAINT fk_api_key_usage_key FOREIGN KEY (api_key_id) REFERENCES api_keys (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ix_api_key_usage_updated ON api_key_usage (updated_at);

--changeset codexpool:015-request-logs-api-key
-- The key a request came with (null without one). A deleted key's rows keep their numbers and lose the reference.
ALTER TABLE request_logs ADD COLUMN api_key_id VARCHAR(36) NULL;
ALTER TABLE request_logs ADD CONSTRAINT fk_request_logs_api_key FOREIGN KEY (api_key_id) REFERENCES api_keys (id)
    ON DELETE SET NULL;
CREATE INDEX ix_request_logs_api_key_time ON request_logs (api_key_id, requested_at);

--changeset codexpool:015-settings-api-keys-required
-- Off by default: an existing single-user install keeps working; the open-pool warning says when it should be on.
ALTER TABLE settings ADD COLUMN api_keys_required BOOLEAN NOT NULL DEFAULT FALSE;
