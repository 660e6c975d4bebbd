package org.sealpost.server.delivery;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import org.sealpost.core.envelope.EnvelopeHeader;
import org.sealpost.core.statement.Statement;
import org.sealpost.core.statement.StatementException;
import org.sealpost.core.statement.StatementType;
import org.sealpost.core.statement.VerifiedStatement;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.pki.UnitKeys;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Signing for a delivery (签收, seed 第十五条; issue 6 item 3). With the unit PIN the server opens the
 * unit's envelope — the sender's signature and certificate (chain, validity, CRL) and the SM3 of
 * every file verify, or nothing is signed; when this server already verified the same envelope for
 * another recipient unit and this unit's entry unwraps to the same content key ({@link
 * VerifiedEnvelopes}), that verification stands and only the key and the sender's revocation are
 * checked again — and signs a receipt statement over the document id,
 * the SM3 of the envelope header, the unit and the time with the unit's signing key. In one
 * transaction: {@code receipt_der}, {@code signed_at}, {@code signed_by}, state SIGNED, the SIGNED
 * event, the audit row and {@link DeliverySigned} in the event publication registry.
 *
 * <p>End-to-end mode: the unit's own PKCS#12 key (CLI {@code --key}) signs the receipt outside the
 * server and {@link #acceptReceipt} verifies it — signer = the unit's current signing certificate
 * (trusted, not revoked), statement = RECEIPT of this document, this envelope and this unit, time
 * within {@link #CLOCK_SKEW} of the server's — so the server never holds the plaintext or the key.
 *
 * <p>Idempotent (R02): once signed, signing again returns the stored receipt unchanged ({@code
 * replayed}, audited DELIVERY_SIGN_REPLAYED) and writes no second event; two concurrent requests
 * sign once (the loser of the optimistic update returns the winner's receipt).
 */
@Service
public class SigningForDelivery {

    /** How far the time in a locally signed receipt may be from the server's clock. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(15);

    /** Sign for a delivery with the unit PIN (wiped after use). */
    public record SignCommand(long deliveryId, char[] unitPin) {
        @Override
        public String toString() {
            return "SignCommand[" + deliveryId + ", PIN [REDACTED]]";
        }
    }

    private final DeliveryStore store;
    private final UnitEnvelopes envelopes;
    private final EnvelopeHeaders headers;
    private final ViewCache cache;
    private final UnitKeys unitKeys;
    private final ApplicationEventPublisher events;

    SigningForDelivery(
            DeliveryStore store,
            UnitEnvelopes envelopes,
            EnvelopeHeaders headers,
            ViewCache cache,
            UnitKeys unitKeys,
            ApplicationEventPublisher events) {
        this.store = store;
        this.envelopes = envelopes;
        this.headers = headers;
        this.cache = cache;
        this.unitKeys = unitKeys;
        this.events = events;
    }

    public Receipt sign(SignedInUser actor, SignCommand command) {
        long id = command.deliveryId();
        char[] pin = command.unitPin();
        try {
            DeliveryView d = store.refusalsAudited(actor, "DELIVERY_SIGNED", id, () -> signable(actor, id));
            if (d.signedAt() != null) {
                store.audit(actor, "DELIVERY_SIGN_REPLAYED", true, id, null);
                return stored(d, true);
            }
            byte[][] signed = new byte[1][];
            Instant[] time = new Instant[1];
            store.refusalsAudited(
                    actor,
                    "DELIVERY_SIGNED",
                    id,
                    () -> envelopes.withUnitKey(d.unitCode(), pin, token -> {
                        String blob = store.envelopeBlob(id);
                        byte[] digest = envelopes
                                .verifiedBefore(blob, d.envelopeDigest(), d.envelopeSentAt(), token)
                                .map(EnvelopeHeader::digest)
                                .orElse(null);
                        if (digest == null) {
                            UnitEnvelopes.Opened opened = envelopes.open(blob, d.envelopeSentAt(), token);
                            if (!opened.header().digestHex().equals(d.envelopeDigest())) {
                                opened.wipe();
                                throw new DeliveryException(
                                        422,
                                        "delivery.envelope-rejected",
                                        "The stored envelope is not the one the sender recorded. Do not sign for it;"
                                                + " tell the sender.");
                            }
                            // the operator reviewed and signs: the opened copy serves the next page views
                            cache.put(id, actor.username(), opened.files());
                            digest = opened.header().digest();
                        }
                        time[0] = store.clock().instant();
                        signed[0] =
                                envelopes.sign(Statement.receipt(d.documentId(), digest, d.unitCode(), time[0]), token);
                        return null;
                    }));
            return record(actor, d, signed[0], time[0], false);
        } finally {
            if (pin != null) {
                java.util.Arrays.fill(pin, '\0');
            }
        }
    }

    /**
     * End-to-end mode: accepts a receipt the unit signed with its own key (DER CMS SignedData),
     * verified against the unit's current signing certificate and this envelope; then as {@link #sign}.
     */
    public Receipt acceptReceipt(SignedInUser actor, long id, byte[] der) {
        DeliveryView d = store.refusalsAudited(actor, "DELIVERY_SIGNED", id, () -> signable(actor, id));
        if (d.signedAt() != null) {
            byte[] stored = storedDer(id);
            if (MessageDigest.isEqual(stored, der)) {
                store.audit(actor, "DELIVERY_SIGN_REPLAYED", true, id, "end-to-end");
                return stored(d, true);
            }
            store.audit(actor, "DELIVERY_SIGNED", false, id, "delivery.already-signed");
            throw DeliveryException.conflict(
                    "already-signed",
                    "This delivery was already signed for at " + d.signedAt() + " by " + d.signedBy() + ".");
        }
        Instant time = store.refusalsAudited(actor, "DELIVERY_SIGNED", id, () -> verifyLocalReceipt(d, der));
        return record(actor, d, der, time, true);
    }

    /** The stored receipt: for the recipient unit and for the sending unit (its tracking). 404 when not signed. */
    public Receipt receipt(SignedInUser actor, long id) {
        DeliveryView d = store.find(id).orElseThrow(DeliveryException::notFound);
        if (!d.unitCode().equals(actor.unitCode()) && !d.senderUnit().equals(actor.unitCode())) {
            throw DeliveryException.notFound();
        }
        store.requireUsage(actor);
        if (d.signedAt() == null) {
            throw new DeliveryException(404, "delivery.not-signed", "This delivery has not been signed for.");
        }
        return stored(d, false);
    }

    private DeliveryView signable(SignedInUser actor, long id) {
        DeliveryView d = store.openable(actor, id);
        if (d.signedAt() == null && d.state() != DeliveryState.DELIVERED) {
            throw DeliveryException.conflict(
                    "not-signable", "The delivery is " + d.state() + ": only a delivered document is signed for.");
        }
        return d;
    }

    private Instant verifyLocalReceipt(DeliveryView d, byte[] der) {
        if (der == null || der.length == 0) {
            throw DeliveryException.invalid("receipt-required", "Send the signed receipt (DER CMS SignedData).");
        }
        VerifiedStatement verified;
        try {
            verified = envelopes
                    .statements()
                    .verifyExpecting(
                            der,
                            StatementType.RECEIPT,
                            d.documentId(),
                            HexFormat.of().parseHex(d.envelopeDigest()),
                            d.unitCode());
        } catch (StatementException e) {
            throw new DeliveryException(
                    422,
                    "delivery.receipt-rejected",
                    "The receipt does not verify (" + e.reason() + "): " + e.getMessage() + ".");
        }
        UnitKeys.UnitCredentials current = unitKeys.current(d.unitCode())
                .orElseThrow(() ->
                        new DeliveryException(409, "delivery.unit-key.missing", "Your unit has no certificates yet."));
        envelopes.requireNotRevoked(verified.signer(), "The receipt's signing certificate");
        if (current.revoked() || !current.signing().equals(verified.signer())) {
            throw new DeliveryException(
                    422,
                    "delivery.receipt-rejected",
                    "The receipt is not signed with your unit's current signing certificate.");
        }
        Instant time = verified.statement().statementTime();
        Duration skew = Duration.between(time, store.clock().instant()).abs();
        if (skew.compareTo(CLOCK_SKEW) > 0) {
            throw new DeliveryException(
                    422,
                    "delivery.receipt-rejected",
                    "The receipt's time " + time + " is more than " + CLOCK_SKEW.toMinutes()
                            + " minutes from the server's: check the computer's clock.");
        }
        return time;
    }

    private Receipt record(SignedInUser actor, DeliveryView d, byte[] der, Instant time, boolean endToEnd) {
        try {
            return store.audited(actor, "DELIVERY_SIGNED", d.id(), () -> {
                OffsetDateTime at = OffsetDateTime.ofInstant(time, store.clock().getZone());
                if (!store.transition(
                        d,
                        DeliveryState.SIGNED,
                        "signed_at = ?, signed_by = ?, receipt_der = ?",
                        at,
                        actor.username(),
                        der)) {
                    throw new Raced();
                }
                store.event(d, "SIGNED", actor.username(), at, endToEnd ? "end-to-end receipt" : null);
                events.publishEvent(new DeliverySigned(
                        d.id(), d.documentId(), d.unitCode(), d.senderUnit(), actor.username(), time, endToEnd));
                return new Receipt(
                        d.id(),
                        d.documentId(),
                        d.unitCode(),
                        time,
                        actor.username(),
                        d.envelopeDigest(),
                        der,
                        endToEnd,
                        false);
            });
        } catch (Raced e) {
            // a concurrent request won: same answer as a replay, or the reason it cannot be signed
            DeliveryView now = store.find(d.id()).orElseThrow();
            if (now.signedAt() != null) {
                store.audit(actor, "DELIVERY_SIGN_REPLAYED", true, d.id(), "concurrent");
                return stored(now, true);
            }
            store.audit(actor, "DELIVERY_SIGNED", false, d.id(), "delivery.changed");
            throw DeliveryException.conflict(
                    "changed", "The delivery changed meanwhile (" + now.state() + "): reload it.");
        }
    }

    private Receipt stored(DeliveryView d, boolean replayed) {
        byte[] der = storedDer(d.id());
        boolean endToEnd = !store.jdbc()
                .queryForList(
                        "SELECT id FROM delivery_event WHERE delivery_id = ? AND event = 'SIGNED' AND detail = ?",
                        Long.class,
                        d.id(),
                        "end-to-end receipt")
                .isEmpty();
        return new Receipt(
                d.id(),
                d.documentId(),
                d.unitCode(),
                d.signedAt(),
                d.signedBy(),
                d.envelopeDigest(),
                der,
                endToEnd,
                replayed);
    }

    private byte[] storedDer(long id) {
        List<byte[]> rows =
                store.jdbc().queryForList("SELECT receipt_der FROM delivery WHERE id = ?", byte[].class, id);
        return rows.isEmpty() ? new byte[0] : rows.get(0);
    }

    /** The optimistic update lost to a concurrent change (rolls the transaction back). */
    private static final class Raced extends RuntimeException {
        Raced() {
            super(null, null, false, false);
        }
    }
}
