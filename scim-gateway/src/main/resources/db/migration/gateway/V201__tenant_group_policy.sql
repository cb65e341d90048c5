-- How a tenant's groups come to exist: 'lifecycle' (SCIM clients create and delete them) or 'existing' (an admin
-- creates them; SCIM clients find them by displayName and change their members).
ALTER TABLE tenant ADD COLUMN group_policy VARCHAR(16) NOT NULL DEFAULT 'lifecycle'
    CHECK (group_policy IN ('lifecycle', 'existing'));
