-- The event log is append-only, enforced by the database itself: whatever connects, no row of domain_event_entry
-- is ever changed or removed. Two layers:
--  * privileges: the application's role may only SELECT and INSERT on it (granted after every migrate by
--    afterMigrate__application_role_privileges.sql);
--  * these triggers, which refuse UPDATE, DELETE and TRUNCATE to every role, the table's owner and superusers
--    included. Only disabling them (ALTER TABLE ... DISABLE TRIGGER, by the owner, or session_replication_role =
--    replica, by a superuser) gets past them, a deliberate act the tamper-evidence work is there to detect.
-- snapshot_event_entry and token_entry stay writable: Axon replaces snapshots and moves processor tokens.
-- SQL state P0A01 ("append-only") tells this refusal apart from any other error.
CREATE FUNCTION domain_event_entry_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_LEVEL = 'ROW' THEN
        RAISE EXCEPTION 'domain_event_entry is append-only: % refused', TG_OP
            USING ERRCODE = 'P0A01',
                  DETAIL = format('event %s (aggregate %s, sequence %s) stays as it was recorded',
                                  OLD.event_identifier, OLD.aggregate_identifier, OLD.sequence_number),
                  HINT = 'Events are never changed or removed; record a new event instead.';
    END IF;
    RAISE EXCEPTION 'domain_event_entry is append-only: % refused', TG_OP
        USING ERRCODE = 'P0A01',
              HINT = 'Events are never changed or removed; record a new event instead.';
END;
$$;

CREATE TRIGGER domain_event_entry_no_update_or_delete
    BEFORE UPDATE OR DELETE ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION domain_event_entry_append_only();

CREATE TRIGGER domain_event_entry_no_truncate
    BEFORE TRUNCATE ON domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION domain_event_entry_append_only();

COMMENT ON TABLE domain_event_entry IS
    'The event log: append-only (triggers domain_event_entry_no_update_or_delete, domain_event_entry_no_truncate)';
