package org.sealpost.server.seal;

import java.security.SecureRandom;
import org.sealpost.core.seal.CjkFonts;
import org.sealpost.core.seal.SealDesign;
import org.sealpost.core.seal.SealDrawing;
import org.sealpost.core.seal.SealException;
import org.sealpost.core.seal.SealImage;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.unit.UnitRef;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Making a seal: a unit admin requests a seal (drawn from the unit name, or an uploaded image)
 * naming its custodian; the regulator office approves or rejects it after reviewing the picture.
 */
@Service
public class RequestingSeals {

    static final int DRAWING_DPI = 300;
    static final String DRAWN = "DRAWN";
    static final String UPLOADED = "UPLOADED";

    private final SealStore store;
    private final JdbcTemplate jdbc;
    private final SecureRandom random;
    private volatile SealDrawing drawing;

    RequestingSeals(SealStore store, SecureRandom random) {
        this.store = store;
        this.jdbc = store.jdbc();
        this.random = random;
    }

    /**
     * A unit admin asks for a seal. {@code upload} null: drawn from the unit name with {@code
     * centreText} (e.g. 公章, 业务专用章) below the star; else the uploaded PNG/JPEG, checked by
     * {@link SealImage#fromUpload}.
     */
    @Transactional
    public String request(SignedInUser actor, String centreText, String custodian, byte[] upload, String replaces) {
        if (!actor.has(Role.UNIT_ADMIN)) {
            throw SealRefused.forbidden();
        }
        if (custodian == null || custodian.isBlank()) {
            throw new SealRefused("custodian-required", "a seal needs a custodian");
        }
        if (replaces != null && !replaces.isBlank()) {
            SealView old = store.find(replaces).orElseThrow(SealRefused::notFound);
            if (!old.unitCode().equals(actor.unitCode())) {
                throw SealRefused.notFound();
            }
            if (old.state() != SealState.REVOKED && old.state() != SealState.DESTROYED) {
                throw new SealRefused("replace-active", "only a revoked (lost or damaged) seal is replaced");
            }
        }
        return createRequest(
                store.unit(actor.unitCode()), centreText, custodian.trim(), upload, actor.username(), replaces);
    }

    String createRequest(
            UnitRef unit, String centreText, String custodian, byte[] upload, String actor, String replaces) {
        SealImage image;
        String source;
        try {
            if (upload == null || upload.length == 0) {
                image = drawing().render(SealDesign.of(unit.name(), centreText), DRAWING_DPI);
                source = DRAWN;
            } else {
                image = SealImage.fromUpload(upload, SealDesign.STANDARD_DIAMETER_MM);
                source = UPLOADED;
            }
        } catch (SealException e) {
            throw new SealRefused("image." + e.problem().name(), e.getMessage());
        }
        String sealId = unit.code() + "-" + Long.toHexString(random.nextLong() & 0xffffffffffL);
        String centre = centreText == null ? "" : centreText.strip();
        jdbc.update(
                "INSERT INTO seal (seal_id, unit_code, name, centre_text, source, image_png, image_width_mm, state,"
                        + " holding, custodian, requested_by, requested_at, replaces)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'SERVER', ?, ?, ?, ?)",
                sealId,
                unit.code(),
                unit.name() + centre,
                centre,
                source,
                image.png(),
                image.widthMm(),
                SealState.REQUESTED.name(),
                custodian,
                actor,
                store.now(),
                replaces == null || replaces.isBlank() ? null : replaces);
        store.event(
                sealId,
                unit.code(),
                "SEAL_REQUESTED",
                actor,
                source + (replaces == null ? "" : " replaces " + replaces));
        return sealId;
    }

    /** The regulator office approves a request after reviewing the rendered seal. */
    @Transactional
    public void approve(SignedInUser actor, String sealId) {
        SealStore.requireOffice(actor);
        SealView seal = store.find(sealId).orElseThrow(SealRefused::notFound);
        if (seal.state() != SealState.REQUESTED) {
            throw new SealRefused("not-requested", "only a requested seal is reviewed");
        }
        review(seal, SealState.APPROVED, actor.username(), null);
    }

    @Transactional
    public void reject(SignedInUser actor, String sealId, String reason) {
        SealStore.requireOffice(actor);
        if (reason == null || reason.isBlank()) {
            throw new SealRefused("reason-required", "a rejection needs a reason");
        }
        SealView seal = store.find(sealId).orElseThrow(SealRefused::notFound);
        if (seal.state() != SealState.REQUESTED) {
            throw new SealRefused("not-requested", "only a requested seal is reviewed");
        }
        review(seal, SealState.REJECTED, actor.username(), reason.strip());
    }

    void review(SealView seal, SealState outcome, String actor, String reason) {
        jdbc.update(
                "UPDATE seal SET state = ?, reviewed_by = ?, reviewed_at = ?, review_reason = ? WHERE seal_id = ?",
                outcome.name(),
                actor,
                store.now(),
                reason,
                seal.sealId());
        store.event(seal.sealId(), seal.unitCode(), "SEAL_" + outcome.name(), actor, reason);
    }

    private SealDrawing drawing() {
        if (drawing == null) {
            drawing = new SealDrawing(CjkFonts.system());
        }
        return drawing;
    }
}
