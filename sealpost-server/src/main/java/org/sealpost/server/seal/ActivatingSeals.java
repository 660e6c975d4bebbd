package org.sealpost.server.seal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.seal.SealImage;
import org.sealpost.core.seal.SealRecord;
import org.sealpost.core.token.KeyEntry;
import org.sealpost.core.token.StoredTokens;
import org.sealpost.core.token.TokenException;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.pki.SystemCa;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Putting a seal into use and keeping its PIN: the custodian activates an approved seal by setting
 * the seal PIN, which makes the seal key, its certificate and the seal record (signed by the
 * regulator as seal maker) and stores the key in a stored token — there is no way to export or
 * copy it — or, in USB-key mode, hands it out once as a PIN-protected seal file. Five wrong PINs
 * lock the seal until the security admin resets it.
 */
@Service
public class ActivatingSeals {

    private final SealStore store;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final StoredTokens tokens;
    private final SystemCa ca;
    private final Clock clock;
    private final SecureRandom random;

    ActivatingSeals(SealStore store, StoredTokens tokens, SystemCa ca, Clock clock, SecureRandom random) {
        this.store = store;
        this.jdbc = store.jdbc();
        this.audit = store.audit();
        this.tokens = tokens;
        this.ca = ca;
        this.clock = clock;
        this.random = random;
    }

    /**
     * The custodian activates an approved seal by choosing its seal PIN (wiped): the key, its
     * certificate and the seal record are made now; the key goes into a stored token.
     */
    @Transactional
    public void activate(SignedInUser actor, String sealId, char[] pin, char[] confirm) {
        SealView seal = store.visible(actor, sealId);
        if (!seal.custodian().equals(actor.username())) {
            throw SealRefused.forbidden();
        }
        if (seal.state() != SealState.APPROVED) {
            throw new SealRefused("not-approved", "only an approved seal can be activated");
        }
        SealStore.checkNewPin(pin, confirm);
        activate(seal, pin, actor.username());
    }

    /**
     * The custodian activates an approved seal as a unit-held seal file (USB-key mode): the
     * PKCS#12 seal file under the seal PIN is returned once and never kept on the server.
     */
    @Transactional
    public byte[] activateAsFile(SignedInUser actor, String sealId, char[] pin, char[] confirm) {
        SealView seal = store.visible(actor, sealId);
        if (!seal.custodian().equals(actor.username())) {
            throw SealRefused.forbidden();
        }
        if (seal.state() != SealState.APPROVED) {
            throw new SealRefused("not-approved", "only an approved seal can be activated");
        }
        SealStore.checkNewPin(pin, confirm);
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
        store.event(
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
        store.event(seal.sealId(), seal.unitCode(), "SEAL_ACTIVATED", actor, "unit-held seal file");
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
        SealView seal = store.visible(actor, sealId);
        if (!seal.custodian().equals(actor.username())) {
            throw SealRefused.forbidden();
        }
        if (seal.state() != SealState.ACTIVE) {
            throw new SealRefused("not-active", "the seal is not in use");
        }
        SealStore.checkNewPin(newPin, confirm);
        try {
            tokens.changePin(store.tokenId(seal), oldPin, newPin);
            store.event(sealId, seal.unitCode(), "SEAL_PIN_CHANGED", actor.username(), null);
        } catch (TokenException e) {
            audit.record(new AuditEntry(
                    actor.username(),
                    seal.unitCode(),
                    "SEAL_PIN_CHANGED",
                    false,
                    null,
                    sealId,
                    e.reason().name()));
            throw SealStore.refused(e);
        }
    }

    /** The security admin unlocks a seal after five wrong PINs. */
    @Transactional
    public void resetPin(SignedInUser actor, String sealId) {
        if (!actor.has(Role.SECURITY_ADMIN)) {
            throw SealRefused.forbidden();
        }
        SealView seal = store.find(sealId).orElseThrow(SealRefused::notFound);
        try {
            tokens.resetAttempts(store.tokenId(seal));
        } catch (TokenException e) {
            throw SealStore.refused(e);
        }
        store.event(sealId, seal.unitCode(), "SEAL_UNLOCKED", actor.username(), null);
    }
}
