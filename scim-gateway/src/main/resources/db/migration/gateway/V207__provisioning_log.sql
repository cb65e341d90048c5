-- The provisioning log: every SCIM request, accepted or refused, as the gateway answered it (written off the
-- request's path, in batches, by ProvisioningLogWriter; kept for scim.provisioning-log.retention). Owned by
-- scim-gateway. A request refused before its token was known has no tenant.
CREATE TABLE provisioning_request (
    id                bigserial PRIMARY KEY,
    at                timestamptz NOT NULL,
    tenant_id         text,
    token_id          text,
    method            text        NOT NULL,
    path              text        NOT NULL,
    resource_type     text,
    resource_id       text,
    status            integer     NOT NULL,
    outcome           text        NOT NULL CHECK (outcome IN ('accepted', 'refused', 'failed')),
    scim_type         text,
    detail            text,
    latency_ms        double precision NOT NULL,
    request_id        text        NOT NULL,
    client_request_id text,
    client_address    text,
    -- the attributes a write named that no schema defines, left out under the tenant's "ignore" policy
    ignored_attributes text
);
-- a tenant's log, newest first (paging by id), and its hourly chart (by time)
CREATE INDEX provisioning_request_tenant ON provisioning_request (tenant_id, id DESC);
CREATE INDEX provisioning_request_tenant_at ON provisioning_request (tenant_id, at);
-- the retention sweep
CREATE INDEX provisioning_request_at ON provisioning_request (at);
