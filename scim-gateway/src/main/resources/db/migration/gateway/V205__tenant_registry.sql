-- Tenants and tokens become event-sourced (the Tenant aggregate of command-service). These two tables stay as the
-- registry the gateway checks on every request; from here on only the tenant commands write them, in the same
-- transaction as their events, so a revocation or suspension holds on every instance at once.

-- status: active, suspended (SCIM refused with 403, data kept) or deleted (tokens revoked, name free again)
ALTER TABLE tenant ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'suspended', 'deleted'));
-- the settings as one document (dev.scimledger.messages.tenant.TenantSettings); a missing key is the default
ALTER TABLE tenant ADD COLUMN settings JSONB NOT NULL DEFAULT '{}';
UPDATE tenant SET settings = jsonb_build_object('groupPolicy', group_policy, 'workEmailImmutable', work_email_immutable)
    || CASE WHEN rate_limit_per_second IS NULL THEN '{}'::jsonb
            ELSE jsonb_build_object('rateLimitPerSecond', rate_limit_per_second) END;
ALTER TABLE tenant DROP COLUMN group_policy, DROP COLUMN rate_limit_per_second, DROP COLUMN work_email_immutable;
-- false for a tenant created before this migration until the gateway has recorded it in the log (at start-up)
ALTER TABLE tenant ADD COLUMN recorded BOOLEAN NOT NULL DEFAULT FALSE;
-- names are unique among live tenants, in any case; names that differed only in case until now (V200 compared them
-- exactly) keep the oldest tenant's name and the others get their id appended, so the index below can exist
ALTER TABLE tenant DROP CONSTRAINT tenant_name_key;
UPDATE tenant t SET name = left(t.name, 150) || ' (' || t.id || ')'
WHERE EXISTS (SELECT 1 FROM tenant o
              WHERE lower(o.name) = lower(t.name) AND (o.created, o.id) < (t.created, t.id));
CREATE UNIQUE INDEX tenant_live_name ON tenant (lower(name)) WHERE status <> 'deleted';

ALTER TABLE scim_token ADD COLUMN name VARCHAR(200);
ALTER TABLE scim_token ADD COLUMN expires_at TIMESTAMPTZ;
UPDATE scim_token SET name = 'SCIM token', expires_at = created + INTERVAL '365 days';
ALTER TABLE scim_token ALTER COLUMN name SET NOT NULL, ALTER COLUMN expires_at SET NOT NULL;
ALTER TABLE scim_token ADD COLUMN revoked_at TIMESTAMPTZ;
-- the token that replaced this one by rotation (it then expires at the end of the overlap)
ALTER TABLE scim_token ADD COLUMN replaced_by VARCHAR(64);
-- written at most once a minute per token and instance: a hint for the admin, not an audit record (the log is)
ALTER TABLE scim_token ADD COLUMN last_used_at TIMESTAMPTZ;
CREATE INDEX scim_token_tenant ON scim_token (tenant_id, created);
