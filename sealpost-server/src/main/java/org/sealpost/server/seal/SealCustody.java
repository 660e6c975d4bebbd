package org.sealpost.server.seal;

import java.time.OffsetDateTime;
import java.util.List;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.pki.SystemCa;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Custody of a seal in use: handing it to another custodian (approved by the office director),
 * reporting its loss or damage (which revokes it at once), and its destruction by the issuer.
 */
@Service
public class SealCustody {

    private final SealStore store;
    private final JdbcTemplate jdbc;
    private final SystemCa ca;

    SealCustody(SealStore store, SystemCa ca) {
        this.store = store;
        this.jdbc = store.jdbc();
        this.ca = ca;
    }

    /** The unit admin (or the custodian) asks to hand the seal to another person of the unit. */
    @Transactional
    public long requestTransfer(SignedInUser actor, String sealId, String toUser, String reason) {
        SealView seal = store.visible(actor, sealId);
        if (!actor.has(Role.UNIT_ADMIN) && !seal.custodian().equals(actor.username())) {
            throw SealRefused.forbidden();
        }
        if (seal.state() != SealState.ACTIVE && seal.state() != SealState.APPROVED) {
            throw new SealRefused("not-active", "the seal is not in use");
        }
        if (toUser == null || toUser.isBlank() || toUser.trim().equals(seal.custodian())) {
            throw new SealRefused("custodian-required", "name the new custodian");
        }
        if (reason == null || reason.isBlank()) {
            throw new SealRefused("reason-required", "a transfer needs a reason");
        }
        jdbc.update(
                "INSERT INTO seal_transfer (seal_id, from_user, to_user, reason, requested_by, requested_at, state)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 'PENDING')",
                sealId,
                seal.custodian(),
                toUser.trim(),
                reason.strip(),
                actor.username(),
                store.now());
        store.event(
                sealId,
                seal.unitCode(),
                "SEAL_TRANSFER_REQUESTED",
                actor.username(),
                seal.custodian() + " -> " + toUser.trim());
        return jdbc.queryForObject("SELECT max(id) FROM seal_transfer WHERE seal_id = ?", Long.class, sealId);
    }

    /**
     * The office director approves (the new custodian takes the seal; the register row is written)
     * or rejects a transfer. The seal PIN is the custodian's secret: the outgoing custodian hands
     * it over in person and the new one changes it.
     */
    @Transactional
    public void decideTransfer(SignedInUser actor, long transferId, boolean approve) {
        if (!actor.has(Role.OFFICE_DIRECTOR)) {
            throw SealRefused.forbidden();
        }
        List<String[]> rows = jdbc.query(
                "SELECT seal_id, to_user, state FROM seal_transfer WHERE id = ?",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
                transferId);
        if (rows.isEmpty() || !rows.get(0)[2].equals("PENDING")) {
            throw SealRefused.notFound();
        }
        String sealId = rows.get(0)[0];
        SealView seal = store.find(sealId).orElseThrow(SealRefused::notFound);
        jdbc.update(
                "UPDATE seal_transfer SET state = ?, approver = ?, decided_at = ? WHERE id = ?",
                approve ? "APPROVED" : "REJECTED",
                actor.username(),
                store.now(),
                transferId);
        if (approve) {
            jdbc.update("UPDATE seal SET custodian = ? WHERE seal_id = ?", rows.get(0)[1], sealId);
        }
        store.event(
                sealId,
                seal.unitCode(),
                approve ? "SEAL_TRANSFERRED" : "SEAL_TRANSFER_REJECTED",
                actor.username(),
                seal.custodian() + " -> " + rows.get(0)[1]);
    }

    /**
     * 第二十五条: a loss or damage report (reason, handling, improvement measures) revokes the seal
     * at once — its certificate too — so any stamp made afterwards fails verification.
     */
    @Transactional
    public void reportIncident(
            SignedInUser actor, String sealId, String kind, String reason, String handling, String measures) {
        SealView seal = store.visible(actor, sealId);
        if (!actor.has(Role.UNIT_ADMIN) && !seal.custodian().equals(actor.username())) {
            throw SealRefused.forbidden();
        }
        if (!"LOSS".equals(kind) && !"DAMAGE".equals(kind)) {
            throw new SealRefused("incident-kind", "report a loss or damage");
        }
        if (SealStore.blank(reason) || SealStore.blank(handling) || SealStore.blank(measures)) {
            throw new SealRefused("incident-fields", "reason, handling and improvement measures are required");
        }
        if (seal.state() != SealState.ACTIVE && seal.state() != SealState.APPROVED) {
            throw new SealRefused("not-active", "the seal is not in use");
        }
        OffsetDateTime now = store.now();
        jdbc.update(
                "INSERT INTO seal_incident (seal_id, kind, reason, handling, measures, reported_by, reported_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                sealId,
                kind,
                reason.strip(),
                handling.strip(),
                measures.strip(),
                actor.username(),
                now);
        jdbc.update("UPDATE seal SET state = 'REVOKED', revoked_at = ? WHERE seal_id = ?", now, sealId);
        if (seal.certificateSerial() != null) {
            ca.revokeSealCertificate(seal.certificateSerial(), actor.username());
        }
        store.event(sealId, seal.unitCode(), "SEAL_REVOKED", actor.username(), kind + ": " + reason.strip());
    }

    /** The issuer (regulator office) destroys a revoked seal: its key is erased, recorded. */
    @Transactional
    public void destroy(SignedInUser actor, String sealId) {
        SealStore.requireOffice(actor);
        SealView seal = store.find(sealId).orElseThrow(SealRefused::notFound);
        if (seal.state() != SealState.REVOKED) {
            throw new SealRefused("not-revoked", "only a revoked (damaged or lost) seal is destroyed");
        }
        jdbc.update("UPDATE seal SET state = 'DESTROYED' WHERE seal_id = ?", sealId);
        if (seal.holding().equals("SERVER") && store.tokenIdOrNull(seal) != null) {
            jdbc.update(
                    "UPDATE stored_token SET sealed_keys = ?, locked = TRUE WHERE token_id = ?",
                    new byte[0],
                    store.tokenIdOrNull(seal));
        }
        jdbc.update(
                "UPDATE seal_incident SET destroyed_by = ?, destroyed_at = ? WHERE seal_id = ? AND destroyed_at IS NULL",
                actor.username(),
                store.now(),
                sealId);
        store.event(sealId, seal.unitCode(), "SEAL_DESTROYED", actor.username(), null);
    }
}
