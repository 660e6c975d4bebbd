package org.sealpost.server.seal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;

/**
 * The read side of the seal lifecycle: the seal register, a seal's picture and history, and the
 * seal transfer register. The regulator office and the security admin see every unit's seals, a
 * unit its own.
 */
@Service
public class SealRegister {

    private final SealStore store;
    private final JdbcTemplate jdbc;

    SealRegister(SealStore store) {
        this.store = store;
        this.jdbc = store.jdbc();
    }

    public Optional<SealView> find(String sealId) {
        return store.find(sealId);
    }

    /** The seal if the actor may see it: the regulator office and security admin see all, a unit its own. */
    public SealView visible(SignedInUser actor, String sealId) {
        return store.visible(actor, sealId);
    }

    public List<SealView> list(SignedInUser actor) {
        if (SealStore.seesAll(actor)) {
            return store.all();
        }
        return store.ofUnit(actor.unitCode());
    }

    /** The seal picture, for the review page and the custodian only (never served alone). */
    public byte[] image(SignedInUser actor, String sealId) {
        SealView seal = visible(actor, sealId);
        if (!actor.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR)
                && !seal.custodian().equals(actor.username())) {
            throw SealRefused.forbidden();
        }
        return jdbc.queryForObject("SELECT image_png FROM seal WHERE seal_id = ?", byte[].class, sealId);
    }

    public record HistoryEntry(String event, String actor, Instant at, String detail) {}

    public List<HistoryEntry> history(SignedInUser actor, String sealId) {
        visible(actor, sealId);
        return jdbc.query(
                "SELECT event, actor, occurred_at, detail FROM seal_event WHERE seal_id = ? ORDER BY id",
                (rs, n) -> new HistoryEntry(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getString(4)),
                sealId);
    }

    public record Transfer(
            long id,
            String sealId,
            String from,
            String to,
            String reason,
            String requestedBy,
            Instant requestedAt,
            String state,
            String approver,
            Instant decidedAt) {}

    /** The seal transfer register (and pending requests): all for the office, the unit's own otherwise. */
    public List<Transfer> transfers(SignedInUser actor) {
        String sql =
                "SELECT t.id, t.seal_id, t.from_user, t.to_user, t.reason, t.requested_by, t.requested_at, t.state,"
                        + " t.approver, t.decided_at FROM seal_transfer t JOIN seal s ON s.seal_id = t.seal_id";
        RowMapper<Transfer> mapper = (rs, n) -> new Transfer(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getObject(7, OffsetDateTime.class).toInstant(),
                rs.getString(8),
                rs.getString(9),
                SealStore.instant(rs, 10));
        return SealStore.seesAll(actor)
                ? jdbc.query(sql + " ORDER BY t.id DESC", mapper)
                : jdbc.query(sql + " WHERE s.unit_code = ? ORDER BY t.id DESC", mapper, actor.unitCode());
    }

    /**
     * Loss and damage reports per unit, reported in {@code [from, to)}: for supervision (第二十八条),
     * which reads counts only, never the incidents' text.
     */
    public java.util.Map<String, Integer> incidentCounts(Instant from, Instant to) {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        jdbc.query(
                "SELECT s.unit_code, COUNT(*) FROM seal_incident i JOIN seal s ON s.seal_id = i.seal_id"
                        + " WHERE i.reported_at >= ? AND i.reported_at < ? GROUP BY s.unit_code",
                rs -> {
                    counts.put(rs.getString(1), rs.getInt(2));
                },
                from.atOffset(java.time.ZoneOffset.UTC),
                to.atOffset(java.time.ZoneOffset.UTC));
        return counts;
    }
}
