-- Events a tracking projection set aside instead of stopping on them (dev.scimledger.projection.quarantine): one
-- that failed in a way retrying cannot mend (a row the table refuses, a record the broker refuses, a payload that
-- does not read), and each later event of the same resource, held behind it so that the resource's events are
-- applied in order or not at all. Every other resource's events go on. A retry re-applies a resource's events in
-- the log's order and removes each one applied; nothing is ever dropped from here except by being applied.
CREATE TABLE quarantined_event (
    processor       VARCHAR(255)  NOT NULL,
    event_id        VARCHAR(255)  NOT NULL,
    global_index    BIGINT        NOT NULL,
    aggregate_id    VARCHAR(255)  NOT NULL,
    sequence_number BIGINT        NOT NULL,
    tenant_id       VARCHAR(64),
    event_type      VARCHAR(255)  NOT NULL,
    -- null: this event failed; else the event of the same resource it is held behind
    held_behind     VARCHAR(255),
    reason          VARCHAR(2000) NOT NULL,
    quarantined_at  TIMESTAMPTZ   NOT NULL,
    attempts        INTEGER       NOT NULL DEFAULT 1,
    last_attempt_at TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (processor, event_id)
);
CREATE INDEX quarantined_event_resource ON quarantined_event (processor, aggregate_id, global_index);
