package org.sealpost.server.seal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.seal.CjkFonts;
import org.sealpost.core.seal.OfdSealVerifier;
import org.sealpost.core.seal.OfdStamper;
import org.sealpost.core.seal.PdfSealVerifier;
import org.sealpost.core.seal.PdfStamper;
import org.sealpost.core.seal.RevocationLookup;
import org.sealpost.core.seal.SealDesign;
import org.sealpost.core.seal.SealDrawing;
import org.sealpost.core.seal.SealException;
import org.sealpost.core.seal.SealImage;
import org.sealpost.core.seal.SealRecord;
import org.sealpost.core.seal.SealTrust;
import org.sealpost.core.seal.SealVerificationReport;
import org.sealpost.core.seal.TokenSealKey;
import org.sealpost.core.token.KeyEntry;
import org.sealpost.core.token.StoredTokens;
import org.sealpost.core.token.Token;
import org.sealpost.core.token.TokenException;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.pki.KeysProperties;
import org.sealpost.server.pki.SystemCa;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The seal lifecycle. A unit admin requests a seal (drawn from the unit name, or an uploaded
 * image) naming its custodian; the regulator office approves or rejects; the custodian activates
 * it by setting the seal PIN, which makes the seal key, its certificate and the seal record
 * (signed by the regulator as seal maker) and stores the key in a stored token — there is no way
 * to export or copy it. Only the custodian stamps, with the PIN; five wrong PINs lock the seal
 * until the security admin resets it. Every step is audited and kept in the seal's history.
 */
@Service
public class Seals {

    static final int DRAWING_DPI = 300;
    static final String DRAWN = "DRAWN";
    static final String UPLOADED = "UPLOADED";

    private final JdbcTemplate jdbc;
    private final StoredTokens tokens;
    private final SystemCa ca;
    private final UnitDirectory units;
    private final AuditLog audit;
    private final KeysProperties keys;
    private final Clock clock;
    private final SecureRandom random;
    private volatile SealDrawing drawing;

    Seals(
            JdbcTemplate jdbc,
            StoredTokens tokens,
            SystemCa ca,
            UnitDirectory units,
            AuditLog audit,
            KeysProperties keys,
            Clock clock,
            SecureRandom random) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.ca = ca;
        this.units = units;
        this.audit = audit;
        this.keys = keys;
        this.clock = clock;
        this.random = random;
    }

    // ---------------------------------------------------------------- making

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
            SealView old = find(replaces).orElseThrow(SealRefused::notFound);
            if (!old.unitCode().equals(actor.unitCode())) {
                throw SealRefused.notFound();
            }
            if (old.state() != SealState.REVOKED && old.state() != SealState.DESTROYED) {
                throw new SealRefused("replace-active", "only a revoked (lost or damaged) seal is replaced");
            }
        }
        return createRequest(unit(actor.unitCode()), centreText, custodian.trim(), upload, actor.username(), replaces);
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
                now(),
                replaces == null || replaces.isBlank() ? null : replaces);
        event(sealId, unit.code(), "SEAL_REQUESTED", actor, source + (replaces == null ? "" : " replaces " + replaces));
        return sealId;
    }

    /** The regulator office approves a request after reviewing the rendered seal. */
    @Transactional
    public void approve(SignedInUser actor, String sealId) {
        requireOffice(actor);
        SealView seal = find(sealId).orElseThrow(SealRefused::notFound);
        if (seal.state() != SealState.REQUESTED) {
            throw new SealRefused("not-requested", "only a requested seal is reviewed");
        }
        review(seal, SealState.APPROVED, actor.username(), null);
    }

    @Transactional
    public void reject(SignedInUser actor, String sealId, String reason) {
        requireOffice(actor);
        if (reason == null || reason.isBlank()) {
            throw new SealRefused("reason-required", "a rejection needs a reason");
        }
        SealView seal = find(sealId).orElseThrow(SealRefused::notFound);
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
                now(),
                reason,
                seal.sealId());
        event(seal.sealId(), seal.unitCode(), "SEAL_" + outcome.name(), actor, reason);
    }

    /**
     * The custodian activates an approved seal by choosing its seal PIN (wiped): the key, its
     * certificate and the seal record are made now; the key goes into a stored token.
     */
    @Transactional
    public void activate(SignedInUser actor, String sealId, char[] pin, char[] confirm) {
        SealView seal = visible(actor, sealId);
        if (!seal.custodian().equals(actor.username())) {
            throw SealRefused.forbidden();
        }
        if (seal.state() != SealState.APPROVED) {
            throw new SealRefused("not-approved", "only an approved seal can be activated");
        }
        checkNewPin(pin, confirm);
        activate(seal, pin, actor.username());
    }

    /**
     * The custodian activates an approved seal as a unit-held seal file (USB-key mode): the
     * PKCS#12 seal file under the seal PIN is returned once and never kept on the server.
     */
    @Transactional
    public byte[] activateAsFile(SignedInUser actor, String sealId, char[] pin, char[] confirm) {
        SealView seal = visible(actor, sealId);
        if (!seal.custodian().equals(actor.username())) {
            throw SealRefused.forbidden();
        }
        if (seal.state() != SealState.APPROVED) {
            throw new SealRefused("not-approved", "only an approved seal can be activated");
        }
        checkNewPin(pin, confirm);
        return activateUnitHeld(seal, pin, actor.username());
    }

    /** Makes the key, certificate, record and stored token (the PIN is wiped). */
    SealRecord activate(SealView seal, char[] pin, String actor) {
        KeyEntry key = sealKey(seal);
        SealRecord record = record(seal, key.certificate());
        String tokenId = "seal-" + seal.sealId();
        tokens.create(tokenId, seal.sealId() + " seal", key, null, pin);
        jdbc.update(
                "UPDATE seal SET state = 'ACTIVE', token_id = ?, certificate_serial = ?, record_der = ?,"
                        + " valid_from = ?, valid_to = ? WHERE seal_id = ?",
                tokenId,
                key.certificate().getSerialNumber().toString(16),
                record.encoded(),
                OffsetDateTime.ofInstant(record.validFrom(), java.time.ZoneOffset.UTC),
                OffsetDateTime.ofInstant(record.validTo(), java.time.ZoneOffset.UTC),
                seal.sealId());
        event(
                seal.sealId(),
                seal.unitCode(),
                "SEAL_ACTIVATED",
                actor,
                "certificate " + key.certificate().getSerialNumber().toString(16));
        return record;
    }

    /**
     * A unit-held seal (USB-key mode): the key, certificate and record are made as for a
     * server-held seal but go into a PIN-protected PKCS#12 seal file for the custodian; the server
     * keeps the record and the certificate, never the key.
     */
    byte[] activateUnitHeld(SealView seal, char[] pin, String actor) {
        KeyEntry key = sealKey(seal);
        SealRecord record = record(seal, key.certificate());
        byte[] file;
        try {
            file = org.sealpost.core.seal.SealFile.encode(pin, key, record, random);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbc.update(
                "UPDATE seal SET state = 'ACTIVE', holding = 'UNIT', certificate_serial = ?, record_der = ?,"
                        + " valid_from = ?, valid_to = ? WHERE seal_id = ?",
                key.certificate().getSerialNumber().toString(16),
                record.encoded(),
                OffsetDateTime.ofInstant(record.validFrom(), java.time.ZoneOffset.UTC),
                OffsetDateTime.ofInstant(record.validTo(), java.time.ZoneOffset.UTC),
                seal.sealId());
        event(seal.sealId(), seal.unitCode(), "SEAL_ACTIVATED", actor, "unit-held seal file");
        return file;
    }

    /** A fresh SM2 key with its seal certificate, for a server-held or a unit-held seal. */
    KeyEntry sealKey(SealView seal) {
        KeyPair pair = Sm2.generateKeyPair(random);
        X509Certificate certificate = ca.issueSealCertificate(
                seal.unitCode(), seal.name(), pair.getPublic(), "seal-" + seal.sealId(), "seal-maker");
        return new KeyEntry(pair.getPrivate(), List.of(certificate, ca.certificate()));
    }

    SealRecord record(SealView seal, X509Certificate signing) {
        byte[] png = jdbc.queryForObject("SELECT image_png FROM seal WHERE seal_id = ?", byte[].class, seal.sealId());
        Double width =
                jdbc.queryForObject("SELECT image_width_mm FROM seal WHERE seal_id = ?", Double.class, seal.sealId());
        SealImage image = SealImage.ofPng(png, width, width * imageAspect(png));
        Instant from = clock.instant();
        return ca.makeSealRecord(new SealRecord.Content(
                seal.sealId(),
                SealRecord.SealType.UNIT,
                seal.name(),
                from,
                signing.getNotAfter().toInstant(),
                image,
                List.of(signing)));
    }

    private static double imageAspect(byte[] png) {
        try {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new ByteArrayInputStream(png));
            return (double) img.getHeight() / img.getWidth();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- PIN

    @Transactional(noRollbackFor = SealRefused.class)
    public void changePin(SignedInUser actor, String sealId, char[] oldPin, char[] newPin, char[] confirm) {
        SealView seal = visible(actor, sealId);
        if (!seal.custodian().equals(actor.username())) {
            throw SealRefused.forbidden();
        }
        if (seal.state() != SealState.ACTIVE) {
            throw new SealRefused("not-active", "the seal is not in use");
        }
        checkNewPin(newPin, confirm);
        try {
            tokens.changePin(tokenId(seal), oldPin, newPin);
            event(sealId, seal.unitCode(), "SEAL_PIN_CHANGED", actor.username(), null);
        } catch (TokenException e) {
            audit.record(new AuditEntry(
                    actor.username(),
                    seal.unitCode(),
                    "SEAL_PIN_CHANGED",
                    false,
                    null,
                    sealId,
                    e.reason().name()));
            throw refused(e);
        }
    }

    /** The security admin unlocks a seal after five wrong PINs. */
    @Transactional
    public void resetPin(SignedInUser actor, String sealId) {
        if (!actor.has(Role.SECURITY_ADMIN)) {
            throw SealRefused.forbidden();
        }
        SealView seal = find(sealId).orElseThrow(SealRefused::notFound);
        try {
            tokens.resetAttempts(tokenId(seal));
        } catch (TokenException e) {
            throw refused(e);
        }
        event(sealId, seal.unitCode(), "SEAL_UNLOCKED", actor.username(), null);
    }

    // ---------------------------------------------------------------- stamping

    public enum DocumentType {
        PDF,
        OFD;

        /** By content: {@code %PDF-} or a ZIP (OFD) header. */
        public static Optional<DocumentType> sniff(byte[] document) {
            if (document.length >= 5
                    && new String(document, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("%PDF-")) {
                return Optional.of(PDF);
            }
            if (document.length >= 4
                    && document[0] == 'P'
                    && document[1] == 'K'
                    && document[2] == 3
                    && document[3] == 4) {
                return Optional.of(OFD);
            }
            return Optional.empty();
        }
    }

    /**
     * Stamps a document with a server-held seal: only its custodian, in its unit, with the seal PIN
     * (wiped); wrong PINs count and five lock the seal. Refuses a seal that is not active (not
     * approved, revoked, destroyed) or outside its validity, a blank page, a missing page.
     */
    @Transactional(noRollbackFor = SealRefused.class)
    public byte[] stamp(
            SignedInUser actor, String sealId, char[] pin, byte[] document, int page, double xMm, double yMm) {
        SealView seal;
        try {
            seal = visible(actor, sealId);
            if (!seal.custodian().equals(actor.username())) {
                throw new SealRefused("not-custodian", "only the seal's custodian stamps with it");
            }
            if (seal.state() != SealState.ACTIVE) {
                throw new SealRefused("not-active." + seal.state().name(), "the seal is " + seal.state());
            }
            if (!clock.instant().isBefore(seal.validTo())) {
                throw new SealRefused("expired", "the seal has expired");
            }
        } catch (SealRefused e) {
            java.util.Arrays.fill(pin, '\0');
            audit.record(
                    new AuditEntry(actor.username(), actor.unitCode(), "SEAL_STAMPED", false, null, sealId, e.code()));
            throw e;
        }
        DocumentType type = DocumentType.sniff(document)
                .orElseThrow(() -> new SealRefused("not-pdf-or-ofd", "only PDF and OFD documents are stamped"));
        Token token;
        try {
            token = tokens.unlock(tokenId(seal), pin);
        } catch (TokenException e) {
            audit.record(new AuditEntry(
                    actor.username(),
                    seal.unitCode(),
                    "SEAL_STAMPED",
                    false,
                    null,
                    sealId,
                    e.reason().name()));
            throw refused(e);
        }
        try (token) {
            SealRecord record = record(seal);
            byte[] stamped = stampWith(type, document, record, new TokenSealKey(token), page, xMm, yMm);
            event(
                    sealId,
                    seal.unitCode(),
                    "SEAL_STAMPED",
                    actor.username(),
                    type + " page " + page + ", " + stamped.length + " bytes");
            return stamped;
        } catch (SealException e) {
            audit.record(new AuditEntry(
                    actor.username(),
                    seal.unitCode(),
                    "SEAL_STAMPED",
                    false,
                    null,
                    sealId,
                    e.problem().name()));
            throw new SealRefused("stamp." + e.problem().name(), e.getMessage());
        }
    }

    byte[] stampWith(
            DocumentType type,
            byte[] document,
            SealRecord record,
            org.sealpost.core.seal.SealKey key,
            int page,
            double xMm,
            double yMm) {
        PdfStamper.Placement placement = new PdfStamper.Placement(page, xMm, yMm);
        if (type == DocumentType.PDF) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new PdfStamper(clock)
                    .stamp(new ByteArrayInputStream(document), out, record, key, List.of(ca.certificate()), placement);
            return out.toByteArray();
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sealpost-stamp");
            Path in = dir.resolve("in.ofd");
            Path out = dir.resolve("out.ofd");
            Files.write(in, document);
            new OfdStamper(clock).stamp(in, out, record, key, placement);
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    // ---------------------------------------------------------------- verification

    /** Verifies a stamped PDF or OFD against the system CA, its CRL and the seal revocations. */
    public SealVerificationReport verify(byte[] document) {
        SealTrust trust = new SealTrust(ca.certificate(), revocations());
        DocumentType type = DocumentType.sniff(document).orElse(null);
        if (type == null) {
            return new SealVerificationReport(
                    List.of(new SealVerificationReport.Finding(
                            org.sealpost.core.seal.SealProblem.DOCUMENT_MALFORMED, "not a PDF or OFD document")),
                    List.of());
        }
        if (type == DocumentType.PDF) {
            return new PdfSealVerifier(trust).verify(document);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sealpost-verify");
            Path in = dir.resolve("in.ofd");
            Files.write(in, document);
            return new OfdSealVerifier(trust).verify(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Certificate revocations from the CA's records, seal revocations from the seal table. */
    public RevocationLookup revocations() {
        X509Certificate anchor = ca.certificate();
        return new RevocationLookup() {
            @Override
            public Optional<Instant> certificateRevokedAt(X509Certificate certificate, X509Certificate issuer) {
                if (!issuer.equals(anchor)) {
                    return Optional.empty();
                }
                return ca.revokedAt(certificate.getSerialNumber());
            }

            @Override
            public Optional<Instant> sealRevokedAt(String sealId) {
                return jdbc
                        .queryForList(
                                "SELECT revoked_at FROM seal WHERE seal_id = ? AND revoked_at IS NOT NULL",
                                OffsetDateTime.class,
                                sealId)
                        .stream()
                        .findFirst()
                        .map(OffsetDateTime::toInstant);
            }
        };
    }

    // ---------------------------------------------------------------- custody and loss

    /** The unit admin (or the custodian) asks to hand the seal to another person of the unit. */
    @Transactional
    public long requestTransfer(SignedInUser actor, String sealId, String toUser, String reason) {
        SealView seal = visible(actor, sealId);
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
                now());
        event(
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
        SealView seal = find(sealId).orElseThrow(SealRefused::notFound);
        jdbc.update(
                "UPDATE seal_transfer SET state = ?, approver = ?, decided_at = ? WHERE id = ?",
                approve ? "APPROVED" : "REJECTED",
                actor.username(),
                now(),
                transferId);
        if (approve) {
            jdbc.update("UPDATE seal SET custodian = ? WHERE seal_id = ?", rows.get(0)[1], sealId);
        }
        event(
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
        SealView seal = visible(actor, sealId);
        if (!actor.has(Role.UNIT_ADMIN) && !seal.custodian().equals(actor.username())) {
            throw SealRefused.forbidden();
        }
        if (!"LOSS".equals(kind) && !"DAMAGE".equals(kind)) {
            throw new SealRefused("incident-kind", "report a loss or damage");
        }
        if (blank(reason) || blank(handling) || blank(measures)) {
            throw new SealRefused("incident-fields", "reason, handling and improvement measures are required");
        }
        if (seal.state() != SealState.ACTIVE && seal.state() != SealState.APPROVED) {
            throw new SealRefused("not-active", "the seal is not in use");
        }
        OffsetDateTime now = now();
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
        event(sealId, seal.unitCode(), "SEAL_REVOKED", actor.username(), kind + ": " + reason.strip());
    }

    /** The issuer (regulator office) destroys a revoked seal: its key is erased, recorded. */
    @Transactional
    public void destroy(SignedInUser actor, String sealId) {
        requireOffice(actor);
        SealView seal = find(sealId).orElseThrow(SealRefused::notFound);
        if (seal.state() != SealState.REVOKED) {
            throw new SealRefused("not-revoked", "only a revoked (damaged or lost) seal is destroyed");
        }
        jdbc.update("UPDATE seal SET state = 'DESTROYED' WHERE seal_id = ?", sealId);
        if (seal.holding().equals("SERVER") && tokenIdOrNull(seal) != null) {
            jdbc.update(
                    "UPDATE stored_token SET sealed_keys = ?, locked = TRUE WHERE token_id = ?",
                    new byte[0],
                    tokenIdOrNull(seal));
        }
        jdbc.update(
                "UPDATE seal_incident SET destroyed_by = ?, destroyed_at = ? WHERE seal_id = ? AND destroyed_at IS NULL",
                actor.username(),
                now(),
                sealId);
        event(sealId, seal.unitCode(), "SEAL_DESTROYED", actor.username(), null);
    }

    // ---------------------------------------------------------------- reading

    public Optional<SealView> find(String sealId) {
        return jdbc.query(SELECT + " WHERE s.seal_id = ?", this::row, sealId).stream()
                .findFirst();
    }

    /** The seal if the actor may see it: the regulator office and security admin see all, a unit its own. */
    public SealView visible(SignedInUser actor, String sealId) {
        SealView seal = find(sealId).orElseThrow(SealRefused::notFound);
        if (seesAll(actor) || seal.unitCode().equals(actor.unitCode())) {
            return seal;
        }
        throw SealRefused.notFound();
    }

    public List<SealView> list(SignedInUser actor) {
        if (seesAll(actor)) {
            return jdbc.query(SELECT + " ORDER BY s.unit_code, s.requested_at", this::row);
        }
        return jdbc.query(SELECT + " WHERE s.unit_code = ? ORDER BY s.requested_at", this::row, actor.unitCode());
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
        org.springframework.jdbc.core.RowMapper<Transfer> mapper = (rs, n) -> new Transfer(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getObject(7, OffsetDateTime.class).toInstant(),
                rs.getString(8),
                rs.getString(9),
                instant(rs, 10));
        return seesAll(actor)
                ? jdbc.query(sql + " ORDER BY t.id DESC", mapper)
                : jdbc.query(sql + " WHERE s.unit_code = ? ORDER BY t.id DESC", mapper, actor.unitCode());
    }

    // ---------------------------------------------------------------- helpers

    SealRecord record(SealView seal) {
        byte[] der = jdbc.queryForObject("SELECT record_der FROM seal WHERE seal_id = ?", byte[].class, seal.sealId());
        return SealRecord.parse(der);
    }

    private static final String SELECT = "SELECT s.seal_id, s.unit_code, s.name, s.centre_text, s.source, s.state,"
            + " s.holding, s.custodian, s.requested_by, s.requested_at, s.reviewed_by, s.reviewed_at, s.review_reason,"
            + " s.certificate_serial, s.valid_from, s.valid_to, s.revoked_at, s.replaces, t.failed_attempts, t.locked"
            + " FROM seal s LEFT JOIN stored_token t ON t.token_id = s.token_id";

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

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private String tokenId(SealView seal) {
        String id = tokenIdOrNull(seal);
        if (id == null) {
            throw new SealRefused("not-active", "the seal has no key on the server");
        }
        return id;
    }

    private String tokenIdOrNull(SealView seal) {
        return jdbc.queryForObject("SELECT token_id FROM seal WHERE seal_id = ?", String.class, seal.sealId());
    }

    static boolean seesAll(SignedInUser actor) {
        return actor.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR, Role.SECURITY_ADMIN);
    }

    private static void requireOffice(SignedInUser actor) {
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

    private void event(String sealId, String unitCode, String event, String actor, String detail) {
        jdbc.update(
                "INSERT INTO seal_event (seal_id, event, actor, occurred_at, detail) VALUES (?, ?, ?, ?, ?)",
                sealId,
                event,
                actor,
                now(),
                detail);
        audit.record(new AuditEntry(actor, unitCode, event, true, null, sealId, detail));
    }

    private UnitRef unit(String code) {
        return units.findByCode(code).orElseThrow(SealRefused::notFound);
    }

    private SealDrawing drawing() {
        if (drawing == null) {
            drawing = new SealDrawing(CjkFonts.system());
        }
        return drawing;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void deleteQuietly(Path dir) {
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
