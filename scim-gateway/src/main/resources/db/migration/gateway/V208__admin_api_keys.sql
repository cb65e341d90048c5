-- Named keys for the admin API, each of a role (admin: everything; auditor: reading), for scripts: made, rotated and
-- revoked in the console, shown once; only their SHA-256 digest is kept. An admin action done with one is recorded
-- with the actor api-key:<name>. Owned by scim-gateway.
CREATE TABLE admin_api_key (
    id         text        PRIMARY KEY,
    name       text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,55}$'),
    role       text        NOT NULL CHECK (role IN ('admin', 'auditor')),
    digest     char(64)    NOT NULL UNIQUE,
    created    timestamptz NOT NULL,
    created_by text        NOT NULL,
    revoked_at timestamptz,
    revoked_by text
);
