-- Requests per second each SCIM token of the tenant may make (bursts up to twice that); null = the default
-- (scim.rate-limit.per-second).
ALTER TABLE tenant ADD COLUMN rate_limit_per_second INTEGER CHECK (rate_limit_per_second > 0);
