package org.sealpost.server.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.sealpost.core.envelope.EnvelopeException;
import org.sealpost.core.envelope.EnvelopeHeader;
import org.sealpost.core.envelope.EnvelopeReader;
import org.sealpost.core.envelope.SenderCheck;
import org.sealpost.core.pki.CertificateVerifier;
import org.sealpost.core.statement.Statement;
import org.sealpost.core.statement.StatementSigner;
import org.sealpost.core.statement.StatementVerifier;
import org.sealpost.core.token.Token;
import org.sealpost.core.token.TokenException;
import org.sealpost.server.blob.BlobException;
import org.sealpost.server.blob.BlobStore;
import org.sealpost.server.pki.PkiException;
import org.sealpost.server.pki.SystemCa;
import org.sealpost.server.pki.UnitKeySessions;
import org.springframework.stereotype.Component;

/**
 * The recipient unit's key operations on the server: unlock the unit token with the PIN the
 * operator typed (wrong PINs count, five lock; the PIN is wiped), open the unit's envelope into
 * memory after verifying the sender's signature and certificate (chain, validity, CRL) and every
 * file's SM3, and sign statements (receipt, return, destruction) with the unit's signing key.
 * The token is closed after each use unless the operator's unit key session holds it.
 */
@Component
class UnitEnvelopes {

    /** What an opened envelope holds: the verified header and the files, in manifest order. */
    record Opened(EnvelopeHeader header, List<PlainFile> files) {
        void wipe() {
            files.forEach(PlainFile::wipe);
        }
    }

    private final UnitKeySessions keySessions;
    private final SystemCa ca;
    private final BlobStore blobs;
    private final Clock clock;
    private final VerifiedEnvelopes verified;

    UnitEnvelopes(UnitKeySessions keySessions, SystemCa ca, BlobStore blobs, Clock clock, VerifiedEnvelopes verified) {
        this.keySessions = keySessions;
        this.ca = ca;
        this.blobs = blobs;
        this.clock = clock;
        this.verified = verified;
    }

    /**
     * Runs {@code work} with the unit key: unlocked with {@code pin} (wiped), which also opens the
     * operator's unit key session, or without a PIN from that open session ({@link UnitKeySessions}).
     */
    <T> T withUnitKey(String unitCode, char[] pin, Function<Token, T> work) {
        try {
            Token token;
            try {
                token = keySessions.acquire(unitCode, pin);
            } catch (PkiException e) {
                if ("unit-key-locked".equals(e.code())) {
                    throw DeliveryException.invalid(
                            "unit-pin-required",
                            "The unit key is locked: enter your unit's key PIN (the document is opened with the unit"
                                    + " key).");
                }
                throw unitKeyRefused(e);
            }
            try (token) {
                return work.apply(token);
            }
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }

    /** Opens the envelope in blob {@code envelopeBlob} with the unit's token, fully verified. */
    Opened open(String envelopeBlob, java.time.Instant sentAt, Token token) {
        List<PlainFile> files = new ArrayList<>();
        EnvelopeReader reader = new EnvelopeReader(senderCheck(sentAt), 1);
        try (InputStream in = blobs.open(envelopeBlob)) {
            EnvelopeHeader header = reader.open(
                    in,
                    token,
                    entry -> new ByteArrayOutputStream((int) Math.min(entry.size(), Integer.MAX_VALUE - 16)) {
                        @Override
                        public void close() {
                            files.add(new PlainFile(entry.name(), entry.mediaType(), toByteArray()));
                            Arrays.fill(buf, (byte) 0);
                        }
                    });
            verified.remember(envelopeBlob, header, token);
            return new Opened(header, files);
        } catch (EnvelopeException e) {
            files.forEach(PlainFile::wipe);
            throw new DeliveryException(
                    422,
                    "delivery.envelope-rejected",
                    "The envelope does not verify (" + e.reason() + "): " + e.getMessage()
                            + ". Do not sign for it; tell the sender.");
        } catch (BlobException e) {
            throw blobUnreadable(e);
        } catch (IOException e) {
            files.forEach(PlainFile::wipe);
            if (e.getCause() instanceof BlobException b) {
                throw blobUnreadable(b);
            }
            throw new DeliveryException(500, "delivery.envelope-unreadable", "The stored envelope cannot be read.");
        }
    }

    /**
     * The verified header of envelope {@code envelopeBlob} (SM3 {@code digestHex}) without opening
     * it, when this server already opened it in full and {@code token}'s entry wraps the same content
     * key ({@link VerifiedEnvelopes}); the sender certificate's revocation is looked up again in the
     * CA's records (as at {@code sentAt}). Empty when not recognised: then {@link #open} it.
     */
    java.util.Optional<EnvelopeHeader> verifiedBefore(
            String envelopeBlob, String digestHex, java.time.Instant sentAt, Token token) {
        java.util.Optional<EnvelopeHeader> header = verified.recognise(envelopeBlob, digestHex, token);
        if (header.isPresent()) {
            try {
                revocationCheck(sentAt == null ? clock.instant() : sentAt)
                        .check(header.get().senderCertificate());
            } catch (EnvelopeException e) {
                throw new DeliveryException(
                        422,
                        "delivery.envelope-rejected",
                        "The envelope does not verify (" + e.reason() + "): " + e.getMessage()
                                + ". Do not sign for it; tell the sender.");
            }
        }
        return header;
    }

    byte[] sign(Statement statement, Token token) {
        try {
            return new StatementSigner().sign(statement, token);
        } catch (TokenException e) {
            throw new DeliveryException(409, "delivery.unit-key.unusable", "The unit key cannot sign: " + e.reason());
        }
    }

    /**
     * Statement verification: issued by the system CA, valid now, signing key usage. Revocation is
     * checked by the callers against the CA's own records ({@link #requireNotRevoked}).
     */
    StatementVerifier statements() {
        return new StatementVerifier(chain());
    }

    /**
     * The sender's certificate as it was when the server recorded the envelope as sent ({@code
     * sentAt}, the server's own time, not the sender's claim): chain to the system CA, validity and
     * key usage at that instant through the core verifier, and revocation from the CA's own records —
     * refused when revoked at or before the send, so a later renewal (SUPERSEDED) or expiry does not
     * make pending deliveries unreadable. The server is the CA: its {@code pki_certificate} table is
     * fresher than any CRL it publishes, and checking it avoids verifying the CRL's signature on every
     * envelope (a lock on the shared CRL object that capped sign-for at ~10/s; docs/performance.md).
     */
    SenderCheck senderCheck(java.time.Instant sentAt) {
        java.time.Instant at = sentAt == null ? clock.instant() : sentAt;
        SenderCheck chain = SenderCheck.verifiedBy(
                new CertificateVerifier(List.of(ca.certificate()), List.of(), false, Clock.fixed(at, clock.getZone())));
        SenderCheck revocation = revocationCheck(at);
        return certificate -> {
            chain.check(certificate);
            revocation.check(certificate);
        };
    }

    /** Refuses a sender certificate the CA's records show revoked at or before {@code at}. */
    private SenderCheck revocationCheck(java.time.Instant at) {
        return certificate -> {
            java.util.Optional<java.time.Instant> revoked = ca.revokedAt(certificate.getSerialNumber());
            if (revoked.isPresent() && !revoked.get().isAfter(at)) {
                throw new org.sealpost.core.envelope.EnvelopeException(
                        org.sealpost.core.envelope.EnvelopeException.Reason.SENDER_CERT_REVOKED,
                        "sender certificate " + certificate.getSerialNumber().toString(16) + " was revoked at "
                                + revoked.get() + ", before the document was sent");
            }
        };
    }

    /** Refuses a certificate the system CA revoked. */
    void requireNotRevoked(java.security.cert.X509Certificate certificate, String what) {
        if (ca.revokedAt(certificate.getSerialNumber()).isPresent()) {
            throw new DeliveryException(422, "delivery.receipt-rejected", what + " is revoked.");
        }
    }

    private CertificateVerifier chain() {
        return new CertificateVerifier(List.of(ca.certificate()), List.of(), false, clock);
    }

    static DeliveryException unitKeyRefused(PkiException e) {
        return switch (e.code()) {
            case "wrong-pin" ->
                new DeliveryException(
                        422,
                        "delivery.unit-key.wrong-pin",
                        "Wrong unit key PIN"
                                + (e.remainingAttempts() >= 0
                                        ? ": " + e.remainingAttempts() + " attempt(s) left before the key locks."
                                        : "."),
                        e.remainingAttempts());
            case "locked" ->
                new DeliveryException(
                        423,
                        "delivery.unit-key.locked",
                        "The unit key is locked after five wrong PINs: ask the security admin to reset it.");
            case "not-found" ->
                new DeliveryException(
                        409,
                        "delivery.unit-key.missing",
                        "Your unit has no certificates yet: the unit admin issues them first.");
            default ->
                new DeliveryException(
                        409, "delivery.unit-key." + e.code(), "The unit key cannot be used: " + e.getMessage());
        };
    }

    private static DeliveryException blobUnreadable(BlobException e) {
        if (e.reason() == BlobException.Reason.SHREDDED) {
            return new DeliveryException(
                    410, "delivery.gone", "The electronic copy was destroyed by the sender's recall or void.");
        }
        return new DeliveryException(
                500,
                "delivery.storage-damaged",
                "The stored envelope failed its integrity check; the administrators were alerted.");
    }
}
