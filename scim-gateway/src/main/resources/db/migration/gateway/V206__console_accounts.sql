-- The people who sign in to the console (/console) and their role. Only a password's Argon2id hash is kept (Spring
-- Security's encoded form, with its parameters and salt), never the password. Owned by scim-gateway.
CREATE TABLE console_account (
    username      text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{0,55}$'),
    password_hash text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('admin', 'auditor')),
    created       timestamptz NOT NULL,
    created_by    text        NOT NULL,
    disabled      boolean     NOT NULL DEFAULT false
);
