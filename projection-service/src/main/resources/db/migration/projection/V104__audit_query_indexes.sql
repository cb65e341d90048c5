-- The audit trail's queries (GET /admin/tenants/{id}/audit, its export, and the command line's): every one reads a
-- tenant's events in the trail's order, occurred_at, then sequence_number (one command's several events share their
-- time; within a resource the sequence number orders them), then event_id (unique: a total order), and pages by
-- keyset on those three columns. Each filter has an index that leads with what it fixes and ends with that order, so
-- a page is one index range scan from the cursor on and an export reads no row it does not write.

-- no filter, or a time range; replaces (tenant_id, occurred_at), which it covers
DROP INDEX audit_event_time;
CREATE INDEX audit_event_tenant_order ON audit_event (tenant_id, occurred_at, sequence_number, event_id);

-- resourceId: one resource's history; replaces (tenant_id, resource_id, sequence_number), which it covers for
-- every query the trail has (a resource's events are in time order as they are in sequence order)
DROP INDEX audit_event_resource;
CREATE INDEX audit_event_resource_order ON audit_event (tenant_id, resource_id, occurred_at, sequence_number, event_id);

-- actor: a token id, or an admin actor (admin-api, cli:<user>)
CREATE INDEX audit_event_actor_order ON audit_event (tenant_id, token_id, occurred_at, sequence_number, event_id);

-- type: one event type (several types read this index once per type, or the tenant's order with a filter)
CREATE INDEX audit_event_type_order ON audit_event (tenant_id, event_type, occurred_at, sequence_number, event_id);

-- resourceType=Tenant: the admin actions are few among a tenant's millions of user and group events, so a small
-- partial index finds them; User and Group events are most of a tenant's trail and need no index of their own
CREATE INDEX audit_event_tenant_actions_order ON audit_event (tenant_id, occurred_at, sequence_number, event_id)
    WHERE resource_type = 'Tenant';
