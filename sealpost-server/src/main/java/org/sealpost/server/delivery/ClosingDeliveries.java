package org.sealpost.server.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.sealpost.core.statement.Statement;
import org.sealpost.server.access.SignedInUser;
import org.springframework.stereotype.Service;

/**
 * The end of a delivery's life on the recipient side: archiving (归档) a signed-for document, and,
 * after the sender voided it (作废, seed 第十六条), confirming that every printed copy was destroyed.
 *
 * <p>Destruction: the unit lists the copy numbers of every successfully printed copy (sealed or
 * grey, {@code print_copy.result = OK}) — all of them, no others — and signs a destruction
 * statement over them with its key (unit PIN); in one transaction each copy's {@code destroyed_at},
 * state DESTRUCTION_CONFIRMED, the event and the audit row. A void of a document nobody printed
 * needs no confirmation: that is refused with a clear message.
 */
@Service
public class ClosingDeliveries {

    /** Confirm destruction of these copy numbers (six digits, or plain numbers), signed with the unit PIN (wiped). */
    public record DestructionCommand(long deliveryId, List<String> copyNumbers, char[] unitPin) {
        @Override
        public String toString() {
            return "DestructionCommand[" + deliveryId + ", " + copyNumbers + ", PIN [REDACTED]]";
        }
    }

    public record DestructionConfirmed(
            long deliveryId, List<String> copyNumbers, Instant confirmedAt, byte[] statement) {}

    private final DeliveryStore store;
    private final UnitEnvelopes envelopes;

    ClosingDeliveries(DeliveryStore store, UnitEnvelopes envelopes) {
        this.store = store;
        this.envelopes = envelopes;
    }

    /** SIGNED / PRINTED / DOWNLOADED → ARCHIVED, with the ARCHIVED event. Audited DELIVERY_ARCHIVED. */
    public DeliveryView archive(SignedInUser actor, long id) {
        return store.audited(actor, "DELIVERY_ARCHIVED", id, () -> {
            DeliveryView d = store.openable(actor, id);
            if (d.state() != DeliveryState.SIGNED
                    && d.state() != DeliveryState.PRINTED
                    && d.state() != DeliveryState.DOWNLOADED) {
                throw DeliveryException.conflict(
                        "not-archivable",
                        "The delivery is " + d.state()
                                + ": only a signed-for, printed or downloaded document is archived.");
            }
            if (!store.transition(d, DeliveryState.ARCHIVED, null)) {
                throw DeliveryException.conflict("changed", "The delivery changed meanwhile: reload it.");
            }
            store.event(d, "ARCHIVED", actor.username(), store.now(), null);
            return store.find(id).orElseThrow();
        });
    }

    /** The copy numbers still to be reported destroyed (six digits), for a voided delivery of the actor's unit. */
    public List<String> copiesToDestroy(SignedInUser actor, long id) {
        store.visible(actor, id);
        return store.okCopies(id);
    }

    public DestructionConfirmed confirmDestruction(SignedInUser actor, DestructionCommand command) {
        long id = command.deliveryId();
        char[] pin = command.unitPin();
        try {
            DeliveryView d = store.visible(actor, id);
            List<String> copies = store.refusalsAudited(actor, "DELIVERY_DESTRUCTION_CONFIRMED", id, () -> {
                if (d.state() != DeliveryState.VOIDED) {
                    throw DeliveryException.conflict(
                            "not-voided",
                            "The delivery is " + d.state()
                                    + ": destruction is confirmed only after the sender voided it.");
                }
                List<String> printed = store.okCopies(id);
                if (printed.isEmpty()) {
                    throw DeliveryException.conflict(
                            "nothing-printed", "No copy of this document was printed: there is nothing to destroy.");
                }
                TreeSet<String> given = new TreeSet<>();
                for (String c : command.copyNumbers() == null ? List.<String>of() : command.copyNumbers()) {
                    given.add(normalise(c));
                }
                TreeSet<String> expected = new TreeSet<>(printed);
                if (!given.equals(expected)) {
                    List<String> missing = new ArrayList<>(expected);
                    missing.removeAll(given);
                    List<String> unknown = new ArrayList<>(given);
                    unknown.removeAll(expected);
                    throw DeliveryException.invalid(
                            "copies-mismatch",
                            "List every printed copy, and only those: printed " + expected
                                    + (missing.isEmpty() ? "" : ", missing " + missing)
                                    + (unknown.isEmpty() ? "" : ", never printed " + unknown) + ".");
                }
                return List.copyOf(expected);
            });
            Instant time = store.clock().instant();
            byte[] statement = store.refusalsAudited(
                    actor,
                    "DELIVERY_DESTRUCTION_CONFIRMED",
                    id,
                    () -> envelopes.withUnitKey(
                            d.unitCode(),
                            pin,
                            token -> envelopes.sign(
                                    Statement.destructionConfirmed(
                                            d.documentId(),
                                            HexFormat.of().parseHex(d.envelopeDigest()),
                                            d.unitCode(),
                                            time,
                                            copies),
                                    token)));
            return store.audited(actor, "DELIVERY_DESTRUCTION_CONFIRMED", id, () -> {
                OffsetDateTime at = OffsetDateTime.ofInstant(time, store.clock().getZone());
                if (!store.transition(
                        d,
                        DeliveryState.DESTRUCTION_CONFIRMED,
                        "destruction_der = ?, destruction_confirmed_at = ?",
                        statement,
                        at)) {
                    throw DeliveryException.conflict("changed", "The delivery changed meanwhile: reload it.");
                }
                store.jdbc()
                        .update(
                                "UPDATE print_copy SET destroyed_at = ? WHERE delivery_id = ? AND result = 'OK'"
                                        + " AND kind IN ('SEALED', 'GREY') AND destroyed_at IS NULL",
                                at,
                                id);
                store.event(d, "DESTRUCTION_CONFIRMED", actor.username(), at, String.join(",", copies));
                return new DestructionConfirmed(id, copies, time, statement);
            });
        } finally {
            if (pin != null) {
                java.util.Arrays.fill(pin, '\0');
            }
        }
    }

    private static String normalise(String copy) {
        String c = copy == null ? "" : copy.strip();
        if (!c.matches("\\d{1,6}")) {
            throw DeliveryException.invalid(
                    "bad-copy-number", "A copy number has six digits, e.g. 000001: '" + copy + "'.");
        }
        return String.format("%06d", Integer.parseInt(c));
    }
}
