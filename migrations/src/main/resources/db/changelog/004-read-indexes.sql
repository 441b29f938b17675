--liquibase formatted sql

--changeset codexpool:004-usage-samples-latest-index
-- Every replica reads each account's newest sample per window every second; with this index that read touches one
-- index entry per account and window instead of the whole table.
CREATE INDEX ix_usage_samples_account_window_time ON usage_samples (account_id, usage_window, recorded_at);

--changeset codexpool:004-sticky-sessions-updated-index
-- Every replica reads the mappings changed since its last look every second, and every tenth time those used within
-- its memory window (a day): a range on updated_at alone, which the (kind, updated_at) index does not serve.
CREATE INDEX ix_sticky_sessions_updated ON sticky_sessions (updated_at);
