-- Tamper evidence: a hash chain over each tenant's events, in the order the sealer met them (commit order), written
-- shortly after commit by the event-chain processor. Link n covers link n-1's hash and event n's stored bytes.
CREATE TABLE event_chain (
    tenant_id     VARCHAR(64)  NOT NULL,
    position      BIGINT       NOT NULL,
    global_index  BIGINT       NOT NULL,
    event_id      VARCHAR(255) NOT NULL,
    previous_hash CHAR(64)     NOT NULL,
    hash          CHAR(64)     NOT NULL,
    sealed_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, position),
    CONSTRAINT event_chain_event UNIQUE (event_id)
);

-- Signed chain heads: (tenant, position, hash) signed with the operator's Ed25519 key, which is not in the database.
-- A copy kept outside (GET /admin/chain/checkpoints) lets verify prove that the chain was not rewritten wholesale.
CREATE TABLE chain_checkpoint (
    tenant_id VARCHAR(64)  NOT NULL,
    position  BIGINT       NOT NULL,
    hash      CHAR(64)     NOT NULL,
    signed_at TIMESTAMPTZ  NOT NULL,
    key_id    VARCHAR(64)  NOT NULL,
    signature VARCHAR(200) NOT NULL,
    PRIMARY KEY (tenant_id, position)
);
