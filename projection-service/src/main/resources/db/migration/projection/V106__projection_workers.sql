-- The tracking processors each node runs, each row renewed every few seconds, so that a node can tell how many
-- nodes share a processor's segments and hand segments to the others (SegmentBalancer). A row not renewed for a
-- while is a node gone.
CREATE TABLE projection_worker (
    node_id        VARCHAR(255) NOT NULL,
    processor_name VARCHAR(255) NOT NULL,
    seen_at        TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (node_id, processor_name)
);
