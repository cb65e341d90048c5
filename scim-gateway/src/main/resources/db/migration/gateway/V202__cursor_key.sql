-- The key that signs pagination cursors (RFC 9865). Kept in the database so that every instance serving it signs and
-- accepts the same cursors: a client may ask any node for the next page. Generated on first start; used only while
-- scim.cursor.key (SCIM_CURSOR_KEY) is unset.
CREATE TABLE cursor_key (
    id      INTEGER     NOT NULL PRIMARY KEY CHECK (id = 1),
    secret  BYTEA       NOT NULL,
    created TIMESTAMPTZ NOT NULL DEFAULT now()
);
