--liquibase formatted sql

--changeset codexpool:017-depletion-aware-default
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM accounts
-- New installations route with depletion_aware, which beat capacity_weighted on every row of the routing simulation
-- (docs/routing.md). An installation that already has accounts keeps the strategy it runs with.
UPDATE settings SET routing_strategy = 'depletion_aware', updated_at = UTC_TIMESTAMP(6) WHERE id = 1;
