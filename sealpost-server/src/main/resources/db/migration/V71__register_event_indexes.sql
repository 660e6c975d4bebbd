-- Register searches on 1,000,000 deliveries (issue 7, docs/performance.md).

-- The sent register counts, per document, the deliveries signed and returned
-- (COUNT(DISTINCT delivery_id) … WHERE document_id = ? AND event = ?): with delivery_id in the key
-- that is an index-only scan instead of one heap fetch per event. Replaces V70's
-- (document_id, event), which it covers.
DROP INDEX delivery_event_document;
CREATE INDEX delivery_event_document ON delivery_event (document_id, event, delivery_id);

-- A received-register search by state starts from the unit's events that lead to that state
-- (a unit has ~100 RETURNED events among ~2,000 deliveries) instead of deriving the state of
-- every delivery of the unit.
CREATE INDEX delivery_event_unit_event ON delivery_event (unit_code, event, delivery_id);
