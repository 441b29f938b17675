--liquibase formatted sql

--changeset codexpool:004-usage-samples-latest-index
-- Every replica reads each account's newest sample per window every second; with this index that read touches one
-- index entry per account and window instead of the whole table.
CREATE INDEX ix_usage_samples_account_window_time ON usage_samples (account_id, usage_window, recorded_at);
