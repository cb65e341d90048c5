-- Tenants and their SCIM bearer tokens. Only a SHA-256 digest of a token is stored; the token is shown once.
CREATE TABLE tenant (
    id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    name    VARCHAR(200) NOT NULL UNIQUE,
    created TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE scim_token (
    id        VARCHAR(64) NOT NULL PRIMARY KEY,
    tenant_id VARCHAR(64) NOT NULL REFERENCES tenant (id),
    digest    CHAR(64)    NOT NULL UNIQUE,
    created   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The digest of the generated admin token of the embedded default (used only while SCIM_ADMIN_TOKEN is unset).
CREATE TABLE admin_credential (
    id      INTEGER     NOT NULL PRIMARY KEY CHECK (id = 1),
    digest  CHAR(64)    NOT NULL,
    created TIMESTAMPTZ NOT NULL DEFAULT now()
);
