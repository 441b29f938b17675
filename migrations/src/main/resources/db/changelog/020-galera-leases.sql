--liquibase formatted sql

--changeset codexpool:020-leases
-- Job leases become leases of any kind (a periodic job, or the token refresh of one account), all changed by
-- compare-and-set. fence grows by one each time a lease changes hands, so work under an old holding is refused.
-- Named locks (GET_LOCK) were used before for token refreshes; they are local to one Galera node.
RENAME TABLE job_leases TO leases;
ALTER TABLE leases
    MODIFY name VARCHAR(100) NOT NULL,
    ADD COLUMN fence BIGINT NOT NULL DEFAULT 0 AFTER expires_at;

--changeset codexpool:020-changelog-primary-key
-- Galera replicates row changes by primary key; Liquibase creates its history table without one.
ALTER TABLE DATABASECHANGELOG ADD PRIMARY KEY (ID, AUTHOR, FILENAME);
