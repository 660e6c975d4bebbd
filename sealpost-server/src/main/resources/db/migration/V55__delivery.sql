-- Receiving (issue 6), added to V50's contract without changing it.

-- The signed destruction confirmation (CMS SignedData by the recipient unit's key) after a void.
ALTER TABLE delivery ADD COLUMN destruction_der BYTEA;
ALTER TABLE delivery ADD COLUMN destruction_confirmed_at TIMESTAMP WITH TIME ZONE;
