-- The SCIM read model of groups; members in their own table so a group can be read without them.
CREATE TABLE scim_group (
    group_id      VARCHAR(64) NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(64) NOT NULL,
    version       BIGINT      NOT NULL,
    display_name  TEXT        NOT NULL,
    external_id   TEXT,
    attributes    JSONB       NOT NULL,
    created       TIMESTAMPTZ NOT NULL,
    last_modified TIMESTAMPTZ NOT NULL,
    deleted       BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX scim_group_tenant_order ON scim_group (tenant_id, created, group_id) WHERE NOT deleted;
CREATE INDEX scim_group_display_name ON scim_group (tenant_id, lower(display_name)) WHERE NOT deleted;
CREATE INDEX scim_group_external_id ON scim_group (tenant_id, external_id) WHERE NOT deleted;

CREATE TABLE scim_group_member (
    group_id    VARCHAR(64) NOT NULL,
    member_id   VARCHAR(64) NOT NULL,
    member_type VARCHAR(8)  NOT NULL,
    tenant_id   VARCHAR(64) NOT NULL,
    PRIMARY KEY (group_id, member_id)
);
-- a user's groups attribute, and filters on members.value
CREATE INDEX scim_group_member_member ON scim_group_member (member_id, group_id);
