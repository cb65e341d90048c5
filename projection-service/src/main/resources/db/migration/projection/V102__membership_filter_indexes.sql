-- Filters on members.value (groups) and groups.value (users) compare ids as the schemas say, ignoring case
-- (lower() on both sides). These indexes let such a filter find the memberships directly instead of reading every
-- member of a group (a group may have 100,000) or every membership of the tenant.
CREATE INDEX scim_group_member_value ON scim_group_member (lower(member_id), group_id);
CREATE INDEX scim_group_member_group_value ON scim_group_member (lower(group_id), member_id);
