-- Whether a provisioned work email is immutable (the product's default promise); an admin may relax it.
-- The userName rule has no switch: it is never relaxed.
ALTER TABLE tenant ADD COLUMN work_email_immutable BOOLEAN NOT NULL DEFAULT TRUE;
