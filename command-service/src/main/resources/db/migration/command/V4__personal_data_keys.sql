-- One AES-256 key per person (a user of a tenant): the personal data in that person's events is encrypted with it
-- (PersonalDataSerializer). Erasing the person empties data_key and records when; the events keep their
-- ciphertext, which nobody can read any more, so the log stays whole and its chain still verifies.
CREATE TABLE personal_data_key (
    tenant_id   VARCHAR(255) NOT NULL,
    subject_id  VARCHAR(255) NOT NULL,
    data_key    BYTEA,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    erased_at   TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, subject_id),
    CONSTRAINT personal_data_key_erased CHECK ((data_key IS NULL) = (erased_at IS NOT NULL))
);
