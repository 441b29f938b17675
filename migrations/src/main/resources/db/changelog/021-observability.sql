--liquibase formatted sql

--changeset codexpool:021-pool-low-percent
-- Webhook alert pool.low fires when the pool's remaining share of the 5-hour or weekly window drops below this.
ALTER TABLE settings ADD COLUMN pool_low_percent DECIMAL(5,2) NOT NULL DEFAULT 10.00;

--changeset codexpool:021-webhooks
-- Where alerts go. The URL is a secret (Slack and Mattermost put the credential in the path): stored encrypted like
-- account tokens, shown masked; events is a comma-separated list of the event names the receiver wants.
CREATE TABLE webhooks (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    url_enc       BLOB         NOT NULL,
    url_masked    VARCHAR(300) NOT NULL,
    events        VARCHAR(500) NOT NULL,
    created_at    DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

--changeset codexpool:021-webhook-deliveries
-- The outbox: one row per (webhook, event occurrence). The unique event key makes a second replica's insert of the
-- same occurrence a no-op, and a replica claims a row (claimed_until) before posting it, so each event is delivered
-- once; failed posts are retried at next_attempt_at until given up.
CREATE TABLE webhook_deliveries (
    id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    webhook_id      VARCHAR(36)   NOT NULL,
    event_key       VARCHAR(190)  NOT NULL,
    event           VARCHAR(64)   NOT NULL,
    payload         TEXT          NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    attempts        INT           NOT NULL DEFAULT 0,
    created_at      DATETIME(6)   NOT NULL,
    next_attempt_at DATETIME(6)   NOT NULL,
    claimed_until   DATETIME(6)   NULL,
    last_error      VARCHAR(500)  NULL,
    CONSTRAINT uq_webhook_deliveries_event UNIQUE (webhook_id, event_key),
    CONSTRAINT fk_webhook_deliveries_webhook FOREIGN KEY (webhook_id) REFERENCES webhooks (id) ON DELETE CASCADE,
    INDEX ix_webhook_deliveries_due (status, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

--changeset codexpool:021-alert-states
-- One row per alert condition (pool.exhausted, account.deactivated:<account id>, ...): active while the condition
-- holds. An alert fires only when its row turns active, so a state that persists does not alert again until it clears.
CREATE TABLE alert_states (
    alert_key   VARCHAR(190) NOT NULL PRIMARY KEY,
    active      BOOLEAN      NOT NULL,
    changed_at  DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

--changeset codexpool:021-events
-- The events and audit log: admin actions, alerts and webhook deliveries. Never holds a secret.
CREATE TABLE events (
    id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    occurred_at    DATETIME(6)   NOT NULL,
    category       VARCHAR(16)   NOT NULL,
    action         VARCHAR(64)   NOT NULL,
    actor          VARCHAR(64)   NULL,
    client_address VARCHAR(64)   NULL,
    subject        VARCHAR(320)  NULL,
    detail         TEXT          NULL,
    INDEX ix_events_time (occurred_at),
    INDEX ix_events_category_time (category, occurred_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
