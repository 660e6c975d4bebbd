package org.sealpost.server.document;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.sealpost.core.statement.Statement;
import org.sealpost.core.statement.StatementSigner;
import org.sealpost.core.token.Token;
import org.sealpost.core.token.TokenException;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.blob.BlobStore;
import org.sealpost.server.pki.PkiException;
import org.sealpost.server.pki.UnitKeys;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Recall (撤回, before any recipient signed) and void (作废, after signing) — 第十六条. Each is a
 * statement signed with the sending unit's key (CMS SignedData over the document id, the envelope
 * digest, the unit, the time and the reason). Deliveries close (DELIVERED → RECALLED; signed,
 * printed or downloaded → VOIDED, after which the recipient confirms the destruction of every
 * printed copy by copy number), the recipients are told ({@link DocumentClosed}), and the electronic
 * copy becomes unreadable: the envelope blobs are shredded — their encrypted payload is gone for
 * good — while the signed envelope header stays in {@code document.envelope_header} as proof of
 * what was sent.
 */
@Service
public class RecallingDocuments {

    public record CloseCommand(String documentId, String reason, char[] unitPin) {
        @Override
        public String toString() {
            return "CloseCommand[" + documentId + ", PIN [REDACTED]]";
        }
    }

    public record Closed(String id, String state, int deliveries) {}

    private final DocumentStore store;
    private final BlobStore blobs;
    private final UnitKeys unitKeys;
    private final ApplicationEventPublisher events;

    RecallingDocuments(DocumentStore store, BlobStore blobs, UnitKeys unitKeys, ApplicationEventPublisher events) {
        this.store = store;
        this.blobs = blobs;
        this.unitKeys = unitKeys;
        this.events = events;
    }

    public Closed recall(SignedInUser actor, CloseCommand command) {
        return close(actor, command, false);
    }

    public Closed voidDocument(SignedInUser actor, CloseCommand command) {
        return close(actor, command, true);
    }

    private Closed close(SignedInUser actor, CloseCommand command, boolean isVoid) {
        String id = command.documentId();
        String audit = isVoid ? "DOCUMENT_VOIDED" : "DOCUMENT_RECALLED";
        char[] pin = command.unitPin();
        try {
            DocumentView doc;
            byte[] statement;
            try {
                doc = store.visible(actor, id);
                String reason = command.reason();
                if (reason == null || reason.isBlank()) {
                    throw DocumentException.invalid(
                            "reason-required", "Give the reason for the " + (isVoid ? "void" : "recall") + ".");
                }
                if (reason.length() > 1000) {
                    throw DocumentException.invalid("reason-too-long", "A reason has at most 1000 characters.");
                }
                if (doc.state() != DocumentState.SENT) {
                    throw DocumentException.conflict(
                            "not-sent",
                            "The document is " + doc.state() + ": only a sent document is recalled or voided.");
                }
                List<String> signed = store.jdbc()
                        .queryForList(
                                "SELECT unit_code FROM delivery WHERE document_id = ? AND signed_at IS NOT NULL ORDER BY unit_code",
                                String.class,
                                id);
                if (!isVoid && !signed.isEmpty()) {
                    throw DocumentException.conflict(
                            "already-signed",
                            "Too late to recall: " + String.join(", ", signed.subList(0, Math.min(10, signed.size())))
                                    + (signed.size() > 10 ? " …" : "") + " already signed for it. Void it instead.");
                }
                if (isVoid && signed.isEmpty()) {
                    throw DocumentException.conflict("not-signed", "No unit has signed for it yet: recall it instead.");
                }
                SendingDocuments.requirePin(pin);
                Statement s = isVoid
                        ? Statement.voided(
                                id,
                                HexFormat.of().parseHex(doc.envelopeDigest()),
                                doc.senderUnit(),
                                store.clock().instant(),
                                reason.strip())
                        : Statement.recall(
                                id,
                                HexFormat.of().parseHex(doc.envelopeDigest()),
                                doc.senderUnit(),
                                store.clock().instant(),
                                reason.strip());
                statement = sign(s, doc.senderUnit(), pin);
            } catch (DocumentException e) {
                store.audit(actor, audit, false, id, e.code());
                throw e;
            }
            DocumentView before = doc;
            return store.audited(actor, audit, id, () -> {
                String state = isVoid ? "VOIDED" : "RECALLED";
                var now = store.now();
                int n = store.jdbc()
                        .update(
                                "UPDATE document SET state = ?, closed_reason = ?, closed_statement = ?, closed_at = ?,"
                                        + " version = version + 1 WHERE id = ? AND version = ? AND state = 'SENT'",
                                state,
                                command.reason().strip(),
                                statement,
                                now,
                                id,
                                before.version());
                if (n != 1) {
                    throw DocumentException.conflict("changed", "The document changed meanwhile: reload it.");
                }
                // recall: nothing is signed (checked above, and the UPDATE below only touches unsigned ones)
                List<Object[]> open = store.jdbc()
                        .query(
                                "SELECT id, unit_code, signed_at FROM delivery WHERE document_id = ?"
                                        + " AND state NOT IN ('RETURNED', 'RECALLED', 'VOIDED', 'DESTRUCTION_CONFIRMED')",
                                (rs, i) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getObject(3) != null},
                                id);
                if (!isVoid && open.stream().anyMatch(o -> (Boolean) o[2])) {
                    throw DocumentException.conflict(
                            "already-signed", "A unit signed for it meanwhile: void it instead.");
                }
                for (Object[] o : open) {
                    String next = (Boolean) o[2] ? "VOIDED" : "RECALLED";
                    store.jdbc()
                            .update(
                                    "UPDATE delivery SET state = ?, closed_at = ?, version = version + 1 WHERE id = ?",
                                    next,
                                    now,
                                    o[0]);
                    store.jdbc()
                            .update(
                                    "INSERT INTO delivery_event (delivery_id, document_id, unit_code, event, actor, occurred_at, detail)"
                                            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                                    o[0],
                                    id,
                                    o[1],
                                    next,
                                    actor.username(),
                                    now,
                                    DocumentStore.clip(command.reason().strip(), 1000));
                }
                store.event(
                        id,
                        state,
                        actor.username(),
                        DocumentStore.clip(command.reason().strip(), 1000));
                shredCopies(before);
                List<String> units = open.stream().map(o -> (String) o[1]).toList();
                events.publishEvent(new DocumentClosed(
                        id,
                        before.senderUnit(),
                        state,
                        before.title(),
                        command.reason().strip(),
                        units));
                return new Closed(id, state, units.size());
            });
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }

    /** Every envelope of the document (the first and each 补发) and the server's copies of the body. */
    private void shredCopies(DocumentView doc) {
        blobs.shred(doc.envelopeBlob());
        for (String blob : store.jdbc()
                .queryForList(
                        "SELECT envelope_blob FROM document_supplement WHERE document_id = ?",
                        String.class,
                        doc.id())) {
            blobs.shred(blob);
        }
        if (doc.sealedBlob() != null) {
            blobs.shred(doc.sealedBlob());
        }
        if (doc.bodyBlob() != null) {
            blobs.shred(doc.bodyBlob());
        }
        for (DocumentView.Attachment a : doc.attachments()) {
            blobs.shred(a.blobId());
        }
    }

    private byte[] sign(Statement statement, String unitCode, char[] pin) {
        Token token;
        try {
            token = unitKeys.unlock(unitCode, pin);
        } catch (PkiException e) {
            throw SendingDocuments.unitKeyRefused(e);
        }
        try (token) {
            return new StatementSigner().sign(statement, token);
        } catch (TokenException e) {
            throw new DocumentException(409, "document.unit-key.unusable", "The unit key cannot sign: " + e.reason());
        }
    }
}
