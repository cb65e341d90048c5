-- displayName is unique per tenant, case-insensitively: one row per live group, written with its events.
CREATE TABLE group_name_claim (
    tenant_id        VARCHAR(64)   NOT NULL,
    display_name_key VARCHAR(1024) NOT NULL,
    group_id         VARCHAR(64)   NOT NULL,
    PRIMARY KEY (tenant_id, display_name_key)
);
CREATE UNIQUE INDEX group_name_claim_group ON group_name_claim (tenant_id, group_id);

-- Member existence checks lock the member's claim row (FOR SHARE), so a concurrent delete of that member waits.
CREATE UNIQUE INDEX user_name_claim_user ON user_name_claim (tenant_id, user_id);

-- The write side's membership set: which members each group has now. Kept in the same transaction as the group's
-- membership events, so a command decides on one member in O(1) instead of loading the whole member list.
CREATE TABLE group_member (
    tenant_id   VARCHAR(64) NOT NULL,
    group_id    VARCHAR(64) NOT NULL,
    member_id   VARCHAR(64) NOT NULL,
    member_type VARCHAR(8)  NOT NULL,
    PRIMARY KEY (group_id, member_id)
);
CREATE INDEX group_member_member ON group_member (tenant_id, member_id);
