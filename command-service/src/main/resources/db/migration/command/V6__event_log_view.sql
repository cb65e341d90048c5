-- The log as the other modules read it. domain_event_entry is Axon's storage, private to this module (its engine
-- appends and reads it); the projections' own reads of the log (the chain's sealer and verifier, history, rebuilds,
-- re-publication, lag and position checks) go through this view, which names the stored columns the chain hashes
-- (dev.scimledger.messages.chain.StoredEvent) and nothing else. A plain view of one table: PostgreSQL plans a query
-- on it as on the table, with the same indexes. The application's role may only SELECT it (the privileges callback),
-- so it is no way around the log's append-only rules.
CREATE VIEW event_log AS
SELECT global_index, event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type,
       payload_revision, payload, meta_data
FROM domain_event_entry;
