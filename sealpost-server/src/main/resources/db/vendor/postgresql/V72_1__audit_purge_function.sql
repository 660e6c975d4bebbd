-- PostgreSQL only (SECURITY.md L05): the one way audit rows leave the database.
--
-- The application role sealpost_app holds no DELETE on audit_event/audit_checkpoint and the
-- append-only triggers (V62) refuse DELETE to everyone. audit_purge(up_to, archive, sm3) runs as
-- the migration role (SECURITY DEFINER) and removes entries 1..up_to only when
--   * a signed checkpoint exists at up_to and entry up_to has its hash (the remaining chain is
--     anchored by it; the checkpoint row is kept),
--   * every entry up to up_to is older than 180 days by the database's own clock (now()), so a
--     wrong application clock cannot purge young rows,
--   * up_to is beyond the previous purge.
-- It records the purge in audit_purge (append-only as well). The trigger lets the deletes through
-- only inside this function: a transaction-local flag it sets, checked together with the current
-- user being the table owner (inside a SECURITY DEFINER function current_user is the owner; the
-- application role could set the flag but is neither the owner nor allowed to DELETE), and the
-- row's age is checked once more per row.
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
            AND TG_TABLE_NAME IN ('audit_event', 'audit_checkpoint')
            AND current_setting('sealpost.audit_purge', true) = 'on'
            AND current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
        IF TG_TABLE_NAME = 'audit_event' THEN
            -- (nested: SQL does not promise to skip OLD.occurred_at for a checkpoint row)
            IF OLD.occurred_at >= now() - interval '180 days' THEN
                RAISE EXCEPTION 'audit entry % is younger than 180 days: not purged (SECURITY.md L05)', OLD.seq
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
        END IF;
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit log is append-only (SECURITY.md L03): % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_purge_append_only BEFORE UPDATE OR DELETE ON audit_purge
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_purge_no_truncate BEFORE TRUNCATE ON audit_purge
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

DO $migration$
BEGIN
    -- search_path pinned to this schema with pg_temp last, so a caller cannot shadow the tables
    EXECUTE replace($create$
CREATE FUNCTION audit_purge(p_up_to BIGINT, p_archive VARCHAR, p_archive_sm3 BYTEA) RETURNS BIGINT
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = @schema@, pg_temp AS $body$
DECLARE
    v_base   BIGINT;
    v_hash   BYTEA;
    v_newest TIMESTAMP WITH TIME ZONE;
    v_count  BIGINT;
BEGIN
    IF p_archive IS NULL OR p_archive = '' OR p_archive_sm3 IS NULL OR length(p_archive_sm3) <> 32 THEN
        RAISE EXCEPTION 'audit purge needs the archive name and its SM3' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- serialise with appends, checkpoints and other purges
    PERFORM 1 FROM audit_chain_head WHERE id = 1 FOR UPDATE;
    SELECT coalesce(max(up_to_seq), 0) INTO v_base FROM audit_purge;
    IF p_up_to <= v_base THEN
        RAISE EXCEPTION 'audit log already purged up to seq %', v_base USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT hash INTO v_hash FROM audit_checkpoint WHERE seq = p_up_to;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no signed checkpoint at seq %: audit purge refused', p_up_to
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM audit_event WHERE seq = p_up_to AND hash = v_hash) THEN
        RAISE EXCEPTION 'audit entry % does not match its signed checkpoint: audit purge refused', p_up_to
            USING ERRCODE = 'data_exception';
    END IF;
    SELECT max(occurred_at), count(*) INTO v_newest, v_count FROM audit_event WHERE seq > v_base AND seq <= p_up_to;
    IF v_newest >= now() - interval '180 days' THEN
        RAISE EXCEPTION 'audit entries up to seq % include some younger than 180 days (newest %): purge refused (SECURITY.md L05)',
            p_up_to, v_newest USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF v_count <> p_up_to - v_base THEN
        RAISE EXCEPTION 'audit entries % to % are not all present: audit purge refused', v_base + 1, p_up_to
            USING ERRCODE = 'data_exception';
    END IF;
    PERFORM set_config('sealpost.audit_purge', 'on', true);
    DELETE FROM audit_event WHERE seq <= p_up_to;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    DELETE FROM audit_checkpoint WHERE seq < p_up_to;
    PERFORM set_config('sealpost.audit_purge', 'off', true);
    INSERT INTO audit_purge (up_to_seq, up_to_hash, purged_at, rows_removed, archive, archive_sm3)
        VALUES (p_up_to, v_hash, now(), v_count, p_archive, p_archive_sm3);
    RETURN v_count;
END
$body$
$create$, '@schema@', quote_ident(current_schema()));
END
$migration$;

REVOKE ALL ON FUNCTION audit_purge(BIGINT, VARCHAR, BYTEA) FROM PUBLIC;
