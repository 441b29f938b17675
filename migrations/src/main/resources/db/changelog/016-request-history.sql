--liquibase formatted sql

--changeset codexpool:016-request-logs-list-indexes
-- The request-log list pages by keyset, newest first: every filter it offers has an index ordered by
-- (filter value, requested_at, id), so a page reads 50 index entries whatever the table's size. "error" and
-- "success" are one flag, so both are a single index range too. ALGORITHM=INPLACE keeps writers going meanwhile.
ALTER TABLE request_logs ADD COLUMN is_error BOOLEAN AS (status_code >= 400) VIRTUAL;
CREATE INDEX ix_request_logs_error_time ON request_logs (is_error, requested_at);
CREATE INDEX ix_request_logs_status_time ON request_logs (status_code, requested_at);

--changeset codexpool:016-request-log-rollups
-- Hourly sums of request_logs per account, API key, model and status class (status_code DIV 100), kept by the
-- leased rollup job; the dashboard, overview and account pages read these instead of the raw rows. Empty text
-- stands for "none" (no account, no key, no model) so that every dimension can be part of the key. api_key_id stays
-- empty until request_logs records the key. lat_NN / ttfb_NN count requests per latency and time-to-first-token
-- bucket (bounds in RollupMeasures), enough for p50 and p95 over any set of rows.
CREATE TABLE request_log_rollups (
    hour                DATETIME       NOT NULL,
    account_id          VARCHAR(36)    NOT NULL,
    api_key_id          VARCHAR(64)    NOT NULL,
    model               VARCHAR(128)   NOT NULL,
    status_class        TINYINT        NOT NULL,
    requests            BIGINT         NOT NULL,
    errors              BIGINT         NOT NULL,
    input_tokens        BIGINT         NOT NULL,
    cached_input_tokens BIGINT         NOT NULL,
    output_tokens       BIGINT         NOT NULL,
    reasoning_tokens    BIGINT         NOT NULL,
    cost_usd            DECIMAL(24, 8) NOT NULL,
    latency_ms_sum      BIGINT         NOT NULL,
    latency_ms_max      BIGINT         NOT NULL,
    first_tokens        BIGINT         NOT NULL,
    first_token_ms_sum  BIGINT         NOT NULL,
    first_token_ms_max  BIGINT         NOT NULL,
    lat_00 BIGINT NOT NULL,
    lat_01 BIGINT NOT NULL,
    lat_02 BIGINT NOT NULL,
    lat_03 BIGINT NOT NULL,
    lat_04 BIGINT NOT NULL,
    lat_05 BIGINT NOT NULL,
    lat_06 BIGINT NOT NULL,
    lat_07 BIGINT NOT NULL,
    lat_08 BIGINT NOT NULL,
    lat_09 BIGINT NOT NULL,
    lat_10 BIGINT NOT NULL,
    lat_11 BIGINT NOT NULL,
    lat_12 BIGINT NOT NULL,
    lat_13 BIGINT NOT NULL,
    lat_14 BIGINT NOT NULL,
    lat_15 BIGINT NOT NULL,
    ttfb_00 BIGINT NOT NULL,
    ttfb_01 BIGINT NOT NULL,
    ttfb_02 BIGINT NOT NULL,
    ttfb_03 BIGINT NOT NULL,
    ttfb_04 BIGINT NOT NULL,
    ttfb_05 BIGINT NOT NULL,
    ttfb_06 BIGINT NOT NULL,
    ttfb_07 BIGINT NOT NULL,
    ttfb_08 BIGINT NOT NULL,
    ttfb_09 BIGINT NOT NULL,
    ttfb_10 BIGINT NOT NULL,
    ttfb_11 BIGINT NOT NULL,
    ttfb_12 BIGINT NOT NULL,
    ttfb_13 BIGINT NOT NULL,
    ttfb_14 BIGINT NOT NULL,
    ttfb_15 BIGINT NOT NULL,
    PRIMARY KEY (hour, account_id, api_key_id, model, status_class)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ix_request_log_rollups_account_hour ON request_log_rollups (account_id, hour);

--changeset codexpool:016-rollup-progress
-- How far the rollups have read request_logs: every id up to rolled_up_to is counted in them, no id above is.
-- candidate_id is the highest id seen at candidate_seen_at (database clock); the job moves rolled_up_to there only
-- once that observation is older than a safety margin, because rows are written asynchronously by several replicas
-- and a row with a lower id can commit after one with a higher id.
CREATE TABLE rollup_progress (
    name              VARCHAR(64)  NOT NULL PRIMARY KEY,
    rolled_up_to      BIGINT       NOT NULL,
    candidate_id      BIGINT       NULL,
    candidate_seen_at DATETIME(6)  NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO rollup_progress (name, rolled_up_to) VALUES ('request_logs', 0);

--changeset codexpool:016-retention-settings
ALTER TABLE settings ADD COLUMN request_log_retention_days INT NOT NULL DEFAULT 30,
    ADD COLUMN rollup_retention_days INT NOT NULL DEFAULT 400;
