-- A tenant's declared schema extensions, as its aggregate has them: a JSON array of {"resourceType", "schema"}
-- (RFC 7643 §7 representations), read with the token on every SCIM request. Owned by scim-gateway.
ALTER TABLE tenant ADD COLUMN schema_extensions jsonb NOT NULL DEFAULT '[]';
