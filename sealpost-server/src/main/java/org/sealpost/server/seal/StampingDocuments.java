package org.sealpost.server.seal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.sealpost.core.seal.OfdSealVerifier;
import org.sealpost.core.seal.OfdStamper;
import org.sealpost.core.seal.PdfSealVerifier;
import org.sealpost.core.seal.PdfStamper;
import org.sealpost.core.seal.RevocationLookup;
import org.sealpost.core.seal.SealException;
import org.sealpost.core.seal.SealRecord;
import org.sealpost.core.seal.SealTrust;
import org.sealpost.core.seal.SealVerificationReport;
import org.sealpost.core.seal.TokenSealKey;
import org.sealpost.core.token.StoredTokens;
import org.sealpost.core.token.Token;
import org.sealpost.core.token.TokenException;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.pki.SystemCa;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stamping a PDF or OFD document with a server-held seal, and verifying stamped documents against
 * the system CA, its CRL and the seal revocations. Only the custodian stamps, with the seal PIN.
 */
@Service
public class StampingDocuments {

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

    private final SealStore store;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final StoredTokens tokens;
    private final SystemCa ca;
    private final Clock clock;

    StampingDocuments(SealStore store, StoredTokens tokens, SystemCa ca, Clock clock) {
        this.store = store;
        this.jdbc = store.jdbc();
        this.audit = store.audit();
        this.tokens = tokens;
        this.ca = ca;
        this.clock = clock;
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
            seal = store.visible(actor, sealId);
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
            token = tokens.unlock(store.tokenId(seal), pin);
        } catch (TokenException e) {
            audit.record(new AuditEntry(
                    actor.username(),
                    seal.unitCode(),
                    "SEAL_STAMPED",
                    false,
                    null,
                    sealId,
                    e.reason().name()));
            throw SealStore.refused(e);
        }
        try (token) {
            SealRecord record = store.record(seal);
            byte[] stamped = stampWith(type, document, record, new TokenSealKey(token), page, xMm, yMm);
            store.event(
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
            SealStore.deleteQuietly(dir);
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
            SealStore.deleteQuietly(dir);
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
}
