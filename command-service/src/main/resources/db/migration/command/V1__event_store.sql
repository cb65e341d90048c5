-- Axon's JDBC event store (PostgreSQL dialect), payloads as bytea.
-- The unique (aggregate_identifier, sequence_number) constraint is what makes optimistic locking work across
-- nodes: a second append of the same sequence fails with SQL state 23505 (see PostgresDuplicateKeyResolver).
CREATE TABLE domain_event_entry (
    global_index         BIGSERIAL    NOT NULL,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    event_identifier     VARCHAR(255) NOT NULL,
    meta_data            BYTEA,
    payload              BYTEA        NOT NULL,
    payload_revision     VARCHAR(255),
    payload_type         VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    PRIMARY KEY (global_index),
    CONSTRAINT domain_event_entry_aggregate_sequence_key UNIQUE (aggregate_identifier, sequence_number),
    CONSTRAINT domain_event_entry_event_identifier_key UNIQUE (event_identifier)
);

CREATE TABLE snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL,
    meta_data            BYTEA,
    payload              BYTEA        NOT NULL,
    payload_revision     VARCHAR(255),
    payload_type         VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    PRIMARY KEY (aggregate_identifier, sequence_number),
    UNIQUE (event_identifier)
);

-- Set-based validation: one row per provisioned userName (lower-cased) of a tenant, written in the same
-- transaction as the event that provisions it, so two concurrent creates of one userName cannot both commit.
CREATE TABLE user_name_claim (
    tenant_id     VARCHAR(64)  NOT NULL,
    user_name_key VARCHAR(1024) NOT NULL,
    user_id       VARCHAR(64)  NOT NULL,
    PRIMARY KEY (tenant_id, user_name_key)
);
