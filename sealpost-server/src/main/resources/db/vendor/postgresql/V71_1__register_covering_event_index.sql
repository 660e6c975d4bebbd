-- PostgreSQL only (H2 has no INCLUDE and no LATERAL; it keeps V50's index and the per-column
-- probes). The received register derives each line's state, read, signature, copies and return
-- from one pass over the delivery's events in id order (RegisterQueries, LATERAL aggregate):
-- with the columns it reads included, that pass is an index-only scan. Same name and key as
-- V50's delivery_event_delivery, which every other reader of a delivery's history uses too.
-- detail is left out: it may hold 1,000 Chinese characters, more than a B-tree entry may carry;
-- the register reads it only for returned lines.
DROP INDEX delivery_event_delivery;
CREATE INDEX delivery_event_delivery ON delivery_event (delivery_id, id) INCLUDE (event, occurred_at, actor);
