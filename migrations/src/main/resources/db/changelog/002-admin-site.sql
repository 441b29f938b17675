--liquibase formatted sql

--changeset codexpool:002-admin-users
-- One row per admin; the site has a single admin today (id 1) but the table does not forbid more.
CREATE TABLE admin_users (
    id            INT          NOT NULL PRIMARY KEY,
    password_hash VARCHAR(255) NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    updated_at    DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

--changeset codexpool:002-admin-sessions
-- Sessions live in the database so they survive restarts and work on every replica. The primary key is the SHA-256
-- of the cookie value: a leaked table does not hand out live sessions.
CREATE TABLE admin_sessions (
    token_hash  CHAR(64)     NOT NULL PRIMARY KEY,
    csrf_token  VARCHAR(64)  NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    expires_at  DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX ix_admin_sessions_expires ON admin_sessions (expires_at);
