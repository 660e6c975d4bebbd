-- Tamper-evident audit log (SECURITY.md L03): every audit_event row becomes an entry of an SM3
-- hash chain (org.sealpost.core.audit.AuditChain). seq is gapless (1, 2, 3, ...) and assigned
-- under a lock on the single audit_chain_head row, so concurrent appends never fork the chain.
-- Rows written before this migration are chained by V61 (Java), which then makes the columns
-- NOT NULL.
ALTER TABLE audit_event ADD COLUMN seq BIGINT;
ALTER TABLE audit_event ADD COLUMN prev_hash BYTEA;
ALTER TABLE audit_event ADD COLUMN hash BYTEA;
CREATE UNIQUE INDEX audit_event_seq_uq ON audit_event (seq);
CREATE INDEX audit_event_actor_idx ON audit_event (actor);

-- The end of the chain: last seq and hash, and the last signed checkpoint. Appends lock this row
-- (SELECT ... FOR UPDATE) just before their transaction commits.
CREATE TABLE audit_chain_head (
    id             INT    NOT NULL PRIMARY KEY,
    seq            BIGINT NOT NULL,
    hash           BYTEA,
    checkpoint_seq BIGINT NOT NULL,
    checkpoint_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT audit_chain_head_single CHECK (id = 1),
    CONSTRAINT audit_chain_head_genesis CHECK ((seq = 0 AND hash IS NULL) OR (seq > 0 AND hash IS NOT NULL))
);
INSERT INTO audit_chain_head (id, seq, hash, checkpoint_seq) VALUES (1, 0, NULL, 0);

-- Signed checkpoints: "the chain up to seq ends in hash", SM3withSM2 by the system CA key.
CREATE TABLE audit_checkpoint (
    seq       BIGINT       NOT NULL PRIMARY KEY,
    hash      BYTEA        NOT NULL,
    signed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    signer    VARCHAR(200) NOT NULL,
    signature BYTEA        NOT NULL
);
