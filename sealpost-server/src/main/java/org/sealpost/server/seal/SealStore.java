package org.sealpost.server.seal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.sealpost.core.seal.SealRecord;
import org.sealpost.core.token.TokenException;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The seal table, its history and the rules every seal activity shares: who sees a seal, who
 * acts for the regulator office, the seal PIN policy, and how a token refusal reads to a user.
 * Every step of a seal is written here to the seal history and the audit log.
 */
@Component
class SealStore {

    private static final String SELECT = "SELECT s.seal_id, s.unit_code, s.name, s.centre_text, s.source, s.state,"
            + " s.holding, s.custodian, s.requested_by, s.requested_at, s.reviewed_by, s.reviewed_at, s.review_reason,"
            + " s.certificate_serial, s.valid_from, s.valid_to, s.revoked_at, s.replaces, t.failed_attempts, t.locked"
            + " FROM seal s LEFT JOIN stored_token t ON t.token_id = s.token_id";

    private final JdbcTemplate jdbc;
    private final UnitDirectory units;
    private final AuditLog audit;
    private final Clock clock;

    SealStore(JdbcTemplate jdbc, UnitDirectory units, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.units = units;
        this.audit = audit;
        this.clock = clock;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    AuditLog audit() {
        return audit;
    }

    // ---------------------------------------------------------------- reading

    Optional<SealView> find(String sealId) {
        return jdbc.query(SELECT + " WHERE s.seal_id = ?", this::row, sealId).stream()
                .findFirst();
    }

    /** The seal if the actor may see it: the regulator office and security admin see all, a unit its own. */
    SealView visible(SignedInUser actor, String sealId) {
        SealView seal = find(sealId).orElseThrow(SealRefused::notFound);
        if (seesAll(actor) || seal.unitCode().equals(actor.unitCode())) {
            return seal;
        }
        throw SealRefused.notFound();
    }

    List<SealView> all() {
        return jdbc.query(SELECT + " ORDER BY s.unit_code, s.requested_at", this::row);
    }

    List<SealView> ofUnit(String unitCode) {
        return jdbc.query(SELECT + " WHERE s.unit_code = ? ORDER BY s.requested_at", this::row, unitCode);
    }

    SealRecord record(SealView seal) {
        byte[] der = jdbc.queryForObject("SELECT record_der FROM seal WHERE seal_id = ?", byte[].class, seal.sealId());
        return SealRecord.parse(der);
    }

    private SealView row(ResultSet rs, int n) throws SQLException {
        return new SealView(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                SealState.valueOf(rs.getString(6)),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                instant(rs, 10),
                rs.getString(11),
                instant(rs, 12),
                rs.getString(13),
                rs.getString(14),
                instant(rs, 15),
                instant(rs, 16),
                instant(rs, 17),
                rs.getString(18),
                rs.getInt(19),
                rs.getBoolean(20));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    String tokenId(SealView seal) {
        String id = tokenIdOrNull(seal);
        if (id == null) {
            throw new SealRefused("not-active", "the seal has no key on the server");
        }
        return id;
    }

    String tokenIdOrNull(SealView seal) {
        return jdbc.queryForObject("SELECT token_id FROM seal WHERE seal_id = ?", String.class, seal.sealId());
    }

    UnitRef unit(String code) {
        return units.findByCode(code).orElseThrow(SealRefused::notFound);
    }

    // ---------------------------------------------------------------- writing

    void event(String sealId, String unitCode, String event, String actor, String detail) {
        jdbc.update(
                "INSERT INTO seal_event (seal_id, event, actor, occurred_at, detail) VALUES (?, ?, ?, ?, ?)",
                sealId,
                event,
                actor,
                now(),
                detail);
        audit.record(new AuditEntry(actor, unitCode, event, true, null, sealId, detail));
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    // ---------------------------------------------------------------- shared rules

    static boolean seesAll(SignedInUser actor) {
        return actor.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR, Role.SECURITY_ADMIN);
    }

    static void requireOffice(SignedInUser actor) {
        if (!actor.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR)) {
            throw SealRefused.forbidden();
        }
    }

    static void checkNewPin(char[] pin, char[] confirm) {
        if (pin == null || pin.length < 6 || pin.length > 64) {
            throw new SealRefused("pin-policy", "a seal PIN has 6 to 64 characters");
        }
        if (confirm != null && !java.util.Arrays.equals(pin, confirm)) {
            throw new SealRefused("pin-mismatch", "the two PINs differ");
        }
    }

    static SealRefused refused(TokenException e) {
        return switch (e.reason()) {
            case WRONG_PIN -> new SealRefused("wrong-pin", "wrong seal PIN", e.remainingAttempts());
            case LOCKED -> new SealRefused("locked", "too many wrong seal PINs: the seal is locked");
            default -> new SealRefused("token-unusable", "the seal key cannot be used: " + e.reason());
        };
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // temp files: the OS cleans up
                }
            });
        } catch (IOException ignored) {
            // temp directory already gone
        }
    }
}
