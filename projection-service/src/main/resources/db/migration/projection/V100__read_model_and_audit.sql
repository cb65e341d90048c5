-- Axon's tracking tokens: where each projection has got to in the event log.
CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);

-- The SCIM read model: one row per user, tombstoned on delete. version = sequence number of the last event applied.
CREATE TABLE scim_user (
    user_id       VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(64)  NOT NULL,
    version       BIGINT       NOT NULL,
    user_name     TEXT         NOT NULL,
    external_id   TEXT,
    display_name  TEXT,
    active        BOOLEAN      NOT NULL,
    attributes    JSONB        NOT NULL,
    created       TIMESTAMPTZ  NOT NULL,
    last_modified TIMESTAMPTZ  NOT NULL,
    deleted       BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX scim_user_tenant_order ON scim_user (tenant_id, created, user_id) WHERE NOT deleted;
CREATE INDEX scim_user_user_name ON scim_user (tenant_id, lower(user_name)) WHERE NOT deleted;
CREATE INDEX scim_user_external_id ON scim_user (tenant_id, external_id) WHERE NOT deleted;

-- The audit trail: one row per event of the log.
CREATE TABLE audit_event (
    event_id           VARCHAR(255) NOT NULL PRIMARY KEY,
    tenant_id          VARCHAR(64)  NOT NULL,
    resource_type      VARCHAR(32)  NOT NULL,
    resource_id        VARCHAR(64)  NOT NULL,
    sequence_number    BIGINT       NOT NULL,
    event_type         VARCHAR(128) NOT NULL,
    token_id           VARCHAR(64),
    request_id         VARCHAR(128),
    client_address     VARCHAR(128),
    user_agent         TEXT,
    changed_attributes JSONB        NOT NULL,
    occurred_at        TIMESTAMPTZ  NOT NULL,
    recorded_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX audit_event_resource ON audit_event (tenant_id, resource_id, sequence_number);
CREATE INDEX audit_event_time ON audit_event (tenant_id, occurred_at);
