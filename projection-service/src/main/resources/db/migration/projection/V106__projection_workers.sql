-- The nodes that run projection processors, each renewing its row every few seconds, so that a node can tell how
-- many share the work and hand segments to the others (SegmentBalancer). A row not renewed for a while is a node gone.
CREATE TABLE projection_worker (
    node_id VARCHAR(255) NOT NULL PRIMARY KEY,
    seen_at TIMESTAMPTZ  NOT NULL
);
