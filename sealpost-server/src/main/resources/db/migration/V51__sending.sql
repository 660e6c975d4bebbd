-- Sending (issue 5), added to V50's contract without changing it.

-- A shredded blob keeps its row (size and SM3 on record); its content is gone.
ALTER TABLE blob ADD COLUMN shredded_at TIMESTAMP WITH TIME ZONE;

-- The signed envelope header (magic, manifest with the recipients' wrapped keys, sender
-- certificate, signature), kept after a void shreds the envelope blob: proof of what was sent.
ALTER TABLE document ADD COLUMN envelope_header BYTEA;
-- SM3 over the send request's parameters: the same Idempotency-Key with other parameters is refused.
ALTER TABLE document ADD COLUMN send_fingerprint VARCHAR(64);
-- The recall or void statement (CMS SignedData by the sending unit's key).
ALTER TABLE document ADD COLUMN closed_statement BYTEA;
ALTER TABLE document ADD COLUMN closed_at TIMESTAMP WITH TIME ZONE;
-- Seal placement chosen by the sender (page, millimetres from the bottom-left corner).
ALTER TABLE document ADD COLUMN seal_page INT;
ALTER TABLE document ADD COLUMN seal_x_mm DOUBLE PRECISION;
ALTER TABLE document ADD COLUMN seal_y_mm DOUBLE PRECISION;
ALTER TABLE document ADD COLUMN submitted_at TIMESTAMP WITH TIME ZONE;

-- 补发: each supplement is a new envelope for the added units only (the original recipient list
-- is signed and fixed). NULL in delivery.envelope_blob means the document's own envelope_blob.
CREATE TABLE document_supplement (
    document_id      VARCHAR(36)  NOT NULL REFERENCES document (id),
    seq              INT          NOT NULL,
    envelope_blob    VARCHAR(36)  NOT NULL REFERENCES blob (id),
    envelope_digest  VARCHAR(64)  NOT NULL,
    envelope_header  BYTEA        NOT NULL,
    sent_by          VARCHAR(64)  NOT NULL,
    sent_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    idempotency_key  VARCHAR(100),
    PRIMARY KEY (document_id, seq)
);
ALTER TABLE delivery ADD COLUMN envelope_blob VARCHAR(36) REFERENCES blob (id);


-- FALSE when the body has no extractable text (a scan): the sender must then confirm that it carries
-- no classification marking (no_text_confirmed) before it is submitted or sent.
ALTER TABLE document ADD COLUMN body_has_text BOOLEAN NOT NULL DEFAULT TRUE;
