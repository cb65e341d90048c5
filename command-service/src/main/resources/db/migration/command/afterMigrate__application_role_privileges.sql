-- Flyway callback: runs after every migrate (also when nothing was pending), as Flyway's user, the owner of the
-- schema. It gives the application's role exactly what the service needs on the schema Flyway manages, so a table
-- a later migration creates is covered from the start that creates it:
--  * domain_event_entry and event_mac: SELECT, INSERT, nothing else (both are append-only; triggers refuse UPDATE,
--    DELETE and TRUNCATE even to the owner);
--  * every other table: SELECT, INSERT, UPDATE, DELETE (snapshots are replaced, processor tokens move, the read
--    model and the registries change), never TRUNCATE, REFERENCES, TRIGGER or MAINTAIN;
--  * views (a module's published reading of its tables, such as event_log): SELECT only;
--  * sequences: USAGE, SELECT (a BIGSERIAL's nextval);
--  * Flyway's own history table: nothing.
-- The role is the placeholder app-role: the application's DataSource user unless SCIM_DB_APP_ROLE names another
-- (see application.yml). Nothing is done when it is empty, when it is Flyway's own user (one user for both, the
-- plain external setup: the triggers still hold) or when no such role exists (a warning).
DO $$
DECLARE
    app     text := '${app-role}';
    target  text := '${flyway:defaultSchema}';
    history text := '${flyway:table}';
    rel     record;
BEGIN
    IF app = '' OR app = current_user THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = app) THEN
        RAISE WARNING 'application role "%" does not exist: no privileges granted to it', app;
        RETURN;
    END IF;
    -- two instances starting at once would otherwise update the same catalog rows concurrently
    PERFORM pg_advisory_xact_lock(hashtext('scim-ledger: application role privileges'));
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', target, app);
    FOR rel IN
        SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = target AND c.relkind IN ('r', 'p', 'v', 'S')
        ORDER BY c.relname
    LOOP
        IF rel.relkind = 'S' THEN
            EXECUTE format('REVOKE ALL ON SEQUENCE %I.%I FROM %I', target, rel.relname, app);
            EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %I.%I TO %I', target, rel.relname, app);
            CONTINUE;
        END IF;
        EXECUTE format('REVOKE ALL ON TABLE %I.%I FROM %I', target, rel.relname, app);
        IF rel.relname = history THEN
            NULL;
        ELSIF rel.relkind = 'v' THEN
            EXECUTE format('GRANT SELECT ON %I.%I TO %I', target, rel.relname, app);
        ELSIF rel.relname IN ('domain_event_entry', 'event_mac') THEN
            EXECUTE format('GRANT SELECT, INSERT ON %I.%I TO %I', target, rel.relname, app);
        ELSE
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I.%I TO %I', target, rel.relname, app);
        END IF;
    END LOOP;
END;
$$;
