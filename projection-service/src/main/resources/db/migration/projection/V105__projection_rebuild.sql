-- Rebuilds: a projection replayed from the whole log into shadow tables beside the live ones, by the same handlers,
-- then compared with the live tables row by row (ProjectionRebuilder). The shadows are copies of the live tables'
-- definitions with every index and constraint: the handlers rely on the primary keys (ON CONFLICT) and the tenant
-- indexes, and the live tables have no foreign keys that a copy would lose. The application role gets
-- SELECT, INSERT, UPDATE, DELETE on them from the afterMigrate callback, as on every table but the log; it has no
-- TRUNCATE, so a rebuild empties them with DELETE.
CREATE TABLE scim_user_rebuild (LIKE scim_user INCLUDING ALL);
CREATE TABLE scim_group_rebuild (LIKE scim_group INCLUDING ALL);
CREATE TABLE scim_group_member_rebuild (LIKE scim_group_member INCLUDING ALL);
CREATE TABLE audit_event_rebuild (LIKE audit_event INCLUDING ALL);

-- One row per rebuild: its progress while it runs (the runner beats heartbeat_at after each batch) and its result.
CREATE TABLE projection_rebuild (
    id                UUID             NOT NULL PRIMARY KEY,
    projection        VARCHAR(64)      NOT NULL,
    tenant_id         VARCHAR(64),
    status            VARCHAR(16)      NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'abandoned')),
    phase             VARCHAR(16)      CHECK (phase IN ('replaying', 'comparing')),
    actor             VARCHAR(255),
    node              VARCHAR(255),
    started_at        TIMESTAMPTZ      NOT NULL,
    heartbeat_at      TIMESTAMPTZ      NOT NULL,
    finished_at       TIMESTAMPTZ,
    events_applied    BIGINT           NOT NULL DEFAULT 0,
    events_total      BIGINT,
    last_position     BIGINT,
    events_per_second DOUBLE PRECISION,
    compare_rounds    INTEGER          NOT NULL DEFAULT 0,
    rows_compared     BIGINT,
    compare_seconds   DOUBLE PRECISION,
    verdict           VARCHAR(16)      CHECK (verdict IN ('equal', 'different', 'inconclusive')),
    live_digest       CHAR(64),
    rebuilt_digest    CHAR(64),
    equal             BOOLEAN,
    difference_count  BIGINT,
    differences       JSONB,
    error             TEXT
);
-- At most one running rebuild per projection, across every instance: the shadow tables are one per projection. A
-- running row whose heartbeat has gone stale (its node died) is marked abandoned before a new one is inserted.
CREATE UNIQUE INDEX projection_rebuild_one_running ON projection_rebuild (projection) WHERE status = 'running';
CREATE INDEX projection_rebuild_recent ON projection_rebuild (projection, started_at DESC);
