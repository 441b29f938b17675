--liquibase formatted sql

--changeset codexpool:022-request-log-search-index
-- Free-text search over the request-log list (a substring of request id, model, account email, error code or error
-- message, case-insensitive, within a time range) reads this index newest first: descending, so that the newest-first
-- page is a forward scan, for which MariaDB evaluates a condition on the index entry before reading the row (index
-- condition pushdown; it does not for a backward scan). Every searched column but error_message is in it; status
-- stands for the message, which only failed rows carry, so a row is read only when it matches already or failed. A
-- full-text index was not taken: it matches words, not substrings, and a common word (a model name) would return
-- every row of the table before the time range narrows them.
-- LOCK=NONE: writers go on while it builds (a time that grows with the table). On Galera the statement is
-- replicated in total order and holds the cluster's writes meanwhile (README, "Production layout").
CREATE INDEX ix_request_logs_search ON request_logs
    (requested_at DESC, id DESC, request_id, model, account_email, error_code, status) ALGORITHM=INPLACE LOCK=NONE;
