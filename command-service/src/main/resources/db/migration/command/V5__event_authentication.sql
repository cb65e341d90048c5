-- A MAC per event, made when the event is appended (HMAC-SHA256 over its stored columns, with a key kept in a file
-- outside the database: EventAuthentication). The hash chain is sealed after commit, so an event written straight
-- into the table ahead of the sealer would be sealed like any other; without the key its writer cannot make its MAC,
-- and verify names it "forged". Append-only like the log it authenticates.
CREATE TABLE event_mac (
    event_identifier VARCHAR(255) PRIMARY KEY,
    global_index     BIGINT       NOT NULL,
    mac              BYTEA        NOT NULL
);

CREATE FUNCTION event_mac_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'event_mac is append-only: % refused', TG_OP
        USING ERRCODE = 'P0A01',
              HINT = 'An event''s MAC is made once, when it is appended.';
END;
$$;

CREATE TRIGGER event_mac_no_update_or_delete
    BEFORE UPDATE OR DELETE ON event_mac
    FOR EACH ROW EXECUTE FUNCTION event_mac_append_only();

CREATE TRIGGER event_mac_no_truncate
    BEFORE TRUNCATE ON event_mac
    FOR EACH STATEMENT EXECUTE FUNCTION event_mac_append_only();
