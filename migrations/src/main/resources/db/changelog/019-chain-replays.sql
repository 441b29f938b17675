--liquibase formatted sql

--changeset codexpool:019-chain-replay
-- Why a turn that continued a conversation chain (previous_response_id) went up as a self-contained replay on an
-- account or upstream socket that did not hold the chain (the account was limited, the socket closed, ...); null when
-- it was not replayed.
ALTER TABLE request_logs ADD COLUMN chain_replay VARCHAR(255) NULL;
