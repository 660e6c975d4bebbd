package org.sealpost.server.pki;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expiry alerts for unit and seal certificates: one EXPIRING alert {@code
 * sealpost.keys.alert-before} (60 days) before notAfter, one EXPIRED alert at notAfter. A
 * scheduled scan (hourly, and once at start) writes them; the PKI page lists them to the
 * regulator office and to the unit concerned. Each new alert is inserted, audited and published as
 * {@link CertificateExpiryAlertRaised} in one transaction, so the event publication registry holds
 * the event exactly when the alert exists (the notify capability sends it to the unit's contacts).
 */
@Service
public class CertificateAlerts {

    public record Alert(String serial, String unitCode, String kind, Instant notAfter, Instant raisedAt) {}

    private final JdbcTemplate jdbc;
    private final KeysProperties props;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    CertificateAlerts(
            JdbcTemplate jdbc,
            KeysProperties props,
            AuditLog audit,
            Clock clock,
            ApplicationEventPublisher events,
            TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.props = props;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
        this.tx = tx;
    }

    /** Raises the alerts that are due; returns how many were new. */
    @Scheduled(initialDelay = 60_000, fixedDelay = 3_600_000)
    public int scan() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int raised = raise("EXPIRED", now, now);
        raised += raise("EXPIRING", now.plus(props.alertBefore()), now);
        return raised;
    }

    private int raise(String kind, OffsetDateTime limit, OffsetDateTime now) {
        List<Object[]> due = jdbc.query(
                "SELECT c.serial, c.unit_code, c.not_after, c.kind FROM pki_certificate c WHERE c.revoked_at IS NULL"
                        + " AND c.kind IN ('UNIT_SIGNING', 'UNIT_ENCRYPTION', 'SEAL') AND c.not_after <= ?"
                        + " AND NOT EXISTS (SELECT 1 FROM pki_alert a WHERE a.serial = c.serial AND a.kind = ?)",
                (rs, n) -> new Object[] {
                    rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class), rs.getString(4)
                },
                limit,
                kind);
        int raised = 0;
        for (Object[] row : due) {
            // one transaction per alert: a duplicate from another node rolls back only its own insert
            try {
                tx.executeWithoutResult(status -> {
                    jdbc.update(
                            "INSERT INTO pki_alert (serial, unit_code, kind, not_after, raised_at) VALUES (?, ?, ?, ?, ?)",
                            row[0],
                            row[1],
                            kind,
                            row[2],
                            now);
                    audit.record(new AuditEntry(
                            "system", (String) row[1], "PKI_CERTIFICATE_" + kind, true, null, (String) row[0], null));
                    events.publishEvent(new CertificateExpiryAlertRaised(
                            (String) row[1],
                            (String) row[0],
                            (String) row[3],
                            kind,
                            ((OffsetDateTime) row[2]).toInstant()));
                });
            } catch (org.springframework.dao.DuplicateKeyException otherNodeWasFirst) {
                continue; // several nodes scan: the unique (serial, kind) keeps one alert
            }
            raised++;
        }
        return raised;
    }

    /** Open alerts (certificates not revoked since), newest first; {@code unitCode} null for all. */
    public List<Alert> open(String unitCode) {
        String sql = "SELECT a.serial, a.unit_code, a.kind, a.not_after, a.raised_at FROM pki_alert a"
                + " JOIN pki_certificate c ON c.serial = a.serial WHERE c.revoked_at IS NULL"
                + (unitCode == null ? "" : " AND a.unit_code = ?")
                + " ORDER BY a.raised_at DESC, a.id DESC";
        org.springframework.jdbc.core.RowMapper<Alert> mapper = (rs, n) -> new Alert(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(),
                rs.getObject(5, OffsetDateTime.class).toInstant());
        return unitCode == null ? jdbc.query(sql, mapper) : jdbc.query(sql, mapper, unitCode);
    }
}
