-- PostgreSQL only, after every migration run (idempotent): when the least-privilege application
-- role sealpost_app exists (created by the DBA, docs/operations.md), give it what the application
-- needs and no more. On the audit tables that is SELECT and INSERT only (SECURITY.md L03); the
-- chain head is the one audit row it may update. Flyway itself runs as the schema owner.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sealpost_app') THEN
        EXECUTE 'GRANT USAGE ON SCHEMA ' || quote_ident(current_schema()) || ' TO sealpost_app';
        EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ' || quote_ident(current_schema()) || ' TO sealpost_app';
        EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ' || quote_ident(current_schema()) || ' TO sealpost_app';
        REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_event, audit_checkpoint FROM sealpost_app;
        REVOKE DELETE, TRUNCATE ON audit_chain_head FROM sealpost_app;
        -- retention (L05): old audit rows leave only through audit_purge(), which keeps its own record
        REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_purge FROM sealpost_app;
        REVOKE DELETE, TRUNCATE ON audit_forward_cursor FROM sealpost_app;
        GRANT EXECUTE ON FUNCTION audit_purge(BIGINT, VARCHAR, BYTEA) TO sealpost_app;
        REVOKE ALL ON flyway_schema_history FROM sealpost_app;
        GRANT SELECT ON flyway_schema_history TO sealpost_app;
    END IF;
END
$$;
