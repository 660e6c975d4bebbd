package org.sealpost.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.sealpost.core.audit.AuditChain;
import org.springframework.stereotype.Component;

/**
 * Flyway V61 (Java, after V60 added the chain columns): chains the audit rows written before the
 * hash chain existed, in id order, starting the head there, then makes the chain columns NOT NULL.
 * A fresh database has no such rows. Registered as a bean: Spring Boot hands JavaMigration beans to
 * Flyway.
 */
@Component
class AuditChainBackfill implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("61");
    }

    @Override
    public String getDescription() {
        return "audit chain backfill";
    }

    @Override
    public Integer getChecksum() {
        return 61_001;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        long seq;
        byte[] prev;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")) {
            rs.next();
            seq = rs.getLong(1);
            prev = seq == 0 ? AuditChain.genesis() : rs.getBytes(2);
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT id, occurred_at, actor, unit_code, event_type, success, ip, object_ref, detail"
                                + " FROM audit_event WHERE seq IS NULL ORDER BY id");
                PreparedStatement update =
                        c.prepareStatement("UPDATE audit_event SET seq = ?, prev_hash = ?, hash = ? WHERE id = ?")) {
            while (rs.next()) {
                AuditChain.Event event = new AuditChain.Event(
                        rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getBoolean(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9));
                AuditChain.Entry entry = AuditChain.append(++seq, prev, event);
                update.setLong(1, seq);
                update.setBytes(2, entry.prevHash());
                update.setBytes(3, entry.hash());
                update.setLong(4, rs.getLong(1));
                update.executeUpdate();
                prev = entry.hash();
            }
        }
        if (seq > 0) {
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1")) {
                s.setLong(1, seq);
                s.setBytes(2, prev);
                s.executeUpdate();
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE audit_event ALTER COLUMN seq SET NOT NULL");
            s.execute("ALTER TABLE audit_event ALTER COLUMN prev_hash SET NOT NULL");
            s.execute("ALTER TABLE audit_event ALTER COLUMN hash SET NOT NULL");
        }
    }
}
