-- Audit retention and forwarding (SECURITY.md L05).
--
-- audit_purge: one row per retention run that archived and removed the oldest entries. The chain
-- that remains starts after up_to_seq and is anchored by the signed checkpoint at up_to_seq (kept
-- in audit_checkpoint); up_to_hash is that checkpoint's hash. archive names the signed archive file
-- (docs/audit-archive.md) and archive_sm3 its digest. On PostgreSQL only the SECURITY DEFINER
-- function audit_purge (db/vendor/postgresql/V72_1) writes this table.
CREATE TABLE audit_purge (
    up_to_seq    BIGINT       NOT NULL PRIMARY KEY,
    up_to_hash   BYTEA        NOT NULL,
    purged_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    rows_removed BIGINT       NOT NULL,
    archive      VARCHAR(300) NOT NULL,
    archive_sm3  BYTEA        NOT NULL
);

-- How far the audit log was forwarded to the syslog receiver: the last seq it accepted. The
-- forwarder locks this row while it sends, so several nodes never send the same entry.
CREATE TABLE audit_forward_cursor (
    id           INT    NOT NULL PRIMARY KEY,
    last_seq     BIGINT NOT NULL,
    forwarded_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT audit_forward_cursor_single CHECK (id = 1)
);
INSERT INTO audit_forward_cursor (id, last_seq) VALUES (1, 0);
