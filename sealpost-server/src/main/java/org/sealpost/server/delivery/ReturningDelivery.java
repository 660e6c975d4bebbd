package org.sealpost.server.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import org.sealpost.core.statement.Statement;
import org.sealpost.server.access.SignedInUser;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Returning a delivery (退回; issue 6 item 4): only while DELIVERED (not yet signed for), with a
 * written reason (mandatory, at most 1000 characters). The unit signs a return statement over the
 * document id, the envelope digest, the unit, the time and the reason with its signing key (unit
 * PIN); in one transaction: {@code return_der}, {@code returned_at}, {@code return_reason}, state
 * RETURNED, the RETURNED event, the audit row and {@link DeliveryReturned} for the sender, who may
 * then send a corrected document as a new version linked to this one ({@code
 * document.previous_version}).
 */
@Service
public class ReturningDelivery {

    public static final int MAX_REASON = 1000;

    /** Return with a reason, signed with the unit key (PIN wiped after use). */
    public record ReturnCommand(long deliveryId, String reason, char[] unitPin) {
        @Override
        public String toString() {
            return "ReturnCommand[" + deliveryId + ", PIN [REDACTED]]";
        }
    }

    /** The outcome: the signed return statement (DER CMS SignedData). */
    public record Returned(long deliveryId, String documentId, Instant returnedAt, String reason, byte[] statement) {}

    private final DeliveryStore store;
    private final UnitEnvelopes envelopes;
    private final ViewCache cache;
    private final ApplicationEventPublisher events;

    ReturningDelivery(DeliveryStore store, UnitEnvelopes envelopes, ViewCache cache, ApplicationEventPublisher events) {
        this.store = store;
        this.envelopes = envelopes;
        this.cache = cache;
        this.events = events;
    }

    public Returned returnDelivery(SignedInUser actor, ReturnCommand command) {
        long id = command.deliveryId();
        char[] pin = command.unitPin();
        try {
            DeliveryView d = store.refusalsAudited(actor, "DELIVERY_RETURNED", id, () -> {
                DeliveryView found = store.openable(actor, id);
                String reason = command.reason();
                if (reason == null || reason.isBlank()) {
                    throw DeliveryException.invalid(
                            "reason-required", "Write the reason for returning the document (退回原因).");
                }
                if (reason.strip().length() > MAX_REASON) {
                    throw DeliveryException.invalid(
                            "reason-too-long", "A reason has at most " + MAX_REASON + " characters.");
                }
                if (found.state() != DeliveryState.DELIVERED) {
                    throw DeliveryException.conflict(
                            "not-returnable",
                            "The delivery is " + found.state()
                                    + ": only a document not yet signed for can be returned.");
                }
                return found;
            });
            String reason = command.reason().strip();
            Instant time = store.clock().instant();
            byte[] statement = store.refusalsAudited(
                    actor,
                    "DELIVERY_RETURNED",
                    id,
                    () -> envelopes.withUnitKey(
                            d.unitCode(),
                            pin,
                            token -> envelopes.sign(
                                    Statement.returned(
                                            d.documentId(),
                                            HexFormat.of().parseHex(d.envelopeDigest()),
                                            d.unitCode(),
                                            time,
                                            reason),
                                    token)));
            Returned returned = store.audited(actor, "DELIVERY_RETURNED", id, () -> {
                OffsetDateTime at = OffsetDateTime.ofInstant(time, store.clock().getZone());
                if (!store.transition(
                        d,
                        DeliveryState.RETURNED,
                        "returned_at = ?, return_reason = ?, return_der = ?",
                        at,
                        reason,
                        statement)) {
                    throw DeliveryException.conflict("changed", "The delivery changed meanwhile: reload it.");
                }
                store.event(d, "RETURNED", actor.username(), at, reason);
                events.publishEvent(new DeliveryReturned(
                        d.id(), d.documentId(), d.unitCode(), d.senderUnit(), actor.username(), time, reason));
                return new Returned(d.id(), d.documentId(), time, reason, statement);
            });
            cache.forget(id);
            return returned;
        } finally {
            if (pin != null) {
                java.util.Arrays.fill(pin, '\0');
            }
        }
    }
}
