package org.sealpost.server.document;

import java.io.ByteArrayInputStream;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.blob.BlobRef;
import org.sealpost.server.blob.BlobStore;
import org.sealpost.server.seal.SealRefused;
import org.sealpost.server.seal.StampingDocuments;
import org.springframework.stereotype.Service;

/**
 * Seal and preview: the sender places the unit's seal (page, x and y in millimetres from the
 * bottom-left corner) with the seal PIN; the stamped body is what recipients will see, and the
 * preview serves exactly those bytes to the sender. Types that need no seal skip this step.
 */
@Service
public class SealingDocuments {

    /** Where and with which seal; the PIN is wiped after use. */
    public record SealCommand(String sealId, char[] pin, int page, double xMm, double yMm) {
        @Override
        public String toString() {
            return "SealCommand[" + sealId + ", page " + page + ", PIN [REDACTED]]";
        }
    }

    /** The bytes a recipient will see, for the sender's preview. */
    public record Preview(byte[] content, String format, String fileName, boolean sealed) {}

    private final DocumentStore store;
    private final DocumentTypes types;
    private final ComposingDocuments composing;
    private final BlobStore blobs;
    private final StampingDocuments stamping;

    SealingDocuments(
            DocumentStore store,
            DocumentTypes types,
            ComposingDocuments composing,
            BlobStore blobs,
            StampingDocuments stamping) {
        this.store = store;
        this.types = types;
        this.composing = composing;
        this.blobs = blobs;
        this.stamping = stamping;
    }

    public DocumentView seal(SignedInUser actor, String id, SealCommand command) {
        DocumentView doc;
        byte[] body;
        try {
            doc = store.visible(actor, id);
            DocumentType type = types.find(doc.typeCode()).orElseThrow();
            if (!type.sealRequired()) {
                throw DocumentException.conflict(
                        "no-seal-needed", type.nameZh() + " documents are sent without a seal.");
            }
            boolean approvalFirst = type.approval() == DocumentType.Approval.DEPARTMENT_HEAD;
            if (approvalFirst
                    ? doc.state() != DocumentState.APPROVED
                    : !doc.state().editable()) {
                throw DocumentException.conflict(
                        "not-sealable", "The document is " + doc.state() + ": it cannot be sealed now.");
            }
            SendReadiness.requireComplete(doc, composing);
            if (type.signerRequired() && doc.signer() == null) {
                throw DocumentException.conflict(
                        "signer-required",
                        type.nameZh() + " needs the 签发人 who approved it: record the signer before sealing.");
            }
            if (command.sealId() == null || command.sealId().isBlank() || command.pin() == null) {
                throw DocumentException.invalid("seal-required", "Choose the seal and enter its PIN.");
            }
            body = blobs.read(doc.bodyBlob());
        } catch (DocumentException e) {
            if (command.pin() != null) {
                java.util.Arrays.fill(command.pin(), '\0');
            }
            store.audit(actor, "DOCUMENT_SEALED", false, id, e.code());
            throw e;
        }
        byte[] stamped;
        try {
            // outside our transaction: a wrong PIN must stay counted (five lock the seal)
            stamped = stamping.stamp(
                    actor, command.sealId(), command.pin(), body, command.page(), command.xMm(), command.yMm());
        } catch (SealRefused e) {
            DocumentException refused = refused(e);
            store.audit(actor, "DOCUMENT_SEALED", false, id, refused.code());
            throw refused;
        }
        DocumentView before = doc;
        return store.audited(actor, "DOCUMENT_SEALED", id, () -> {
            BlobRef ref = blobs.put(new ByteArrayInputStream(stamped));
            int n = store.jdbc()
                    .update(
                            "UPDATE document SET state = 'SEALED', seal_id = ?, sealed_blob = ?, seal_page = ?, seal_x_mm = ?,"
                                    + " seal_y_mm = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                            command.sealId(),
                            ref.id(),
                            command.page(),
                            command.xMm(),
                            command.yMm(),
                            store.now(),
                            id,
                            before.version());
            if (n != 1) {
                throw DocumentException.conflict("changed", "The document was changed meanwhile: reload it.");
            }
            if (before.sealedBlob() != null) {
                blobs.shred(before.sealedBlob());
            }
            store.event(id, "SEALED", actor.username(), "seal " + command.sealId() + ", page " + command.page());
            return store.find(id).orElseThrow();
        });
    }

    /**
     * The sealed body (or the body of a type sent without a seal): exactly what recipients see. The
     * act of previewing is audited ({@code DOCUMENT_PREVIEWED}, L01) once per call: call it once per
     * preview shown, and {@link #previewContent} for what that preview then loads (its page images).
     */
    public Preview preview(SignedInUser actor, String id) {
        Preview preview = previewContent(actor, id);
        store.audit(actor, "DOCUMENT_PREVIEWED", true, id, null);
        return preview;
    }

    /**
     * The same content and checks as {@link #preview}, without an audit row: for the page images of a
     * preview whose showing was audited already (one row per preview, not one per page).
     */
    public Preview previewContent(SignedInUser actor, String id) {
        DocumentView doc = store.visible(actor, id);
        String blob = doc.sealedBlob() != null ? doc.sealedBlob() : doc.bodyBlob();
        if (blob == null) {
            throw new DocumentException(404, "document.no-body", "The document has no body yet.");
        }
        if (doc.state() == DocumentState.VOIDED || doc.state() == DocumentState.RECALLED) {
            throw DocumentException.conflict("closed", "The document was " + doc.state() + ": its copy is destroyed.");
        }
        return new Preview(blobs.read(blob), doc.bodyFormat(), doc.bodyName(), doc.sealedBlob() != null);
    }

    static DocumentException refused(SealRefused e) {
        String code = "document.seal." + e.code();
        return switch (e.code()) {
            case "not-found" -> new DocumentException(404, code, "No such seal in your unit.");
            case "not-custodian", "forbidden" ->
                new DocumentException(403, code, "Only the seal's custodian stamps with it.");
            case "wrong-pin" ->
                new DocumentException(
                        422,
                        code,
                        "Wrong seal PIN"
                                + (e.remainingAttempts() >= 0
                                        ? ": " + e.remainingAttempts() + " attempt(s) left before the seal locks."
                                        : "."));
            default -> new DocumentException(422, code, "The seal could not be placed: " + e.getMessage());
        };
    }
}
