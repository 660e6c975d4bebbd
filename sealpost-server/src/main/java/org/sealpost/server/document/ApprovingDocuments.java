package org.sealpost.server.document;

import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.springframework.stereotype.Service;

/**
 * Approval (第十一条): a department's informal document goes only after the department head
 * approves it in the system; the head is recorded as 签发人. Rejection needs a reason and sends the
 * draft back for editing. Separation of duties: the drafter cannot approve (C04).
 */
@Service
public class ApprovingDocuments {

    private final DocumentStore store;
    private final DocumentTypes types;
    private final ComposingDocuments composing;
    private final DocumentInspection inspection;

    ApprovingDocuments(
            DocumentStore store, DocumentTypes types, ComposingDocuments composing, DocumentInspection inspection) {
        this.store = store;
        this.types = types;
        this.composing = composing;
        this.inspection = inspection;
    }

    /** The drafter submits a complete draft for the department head's approval. */
    public DocumentView submit(SignedInUser actor, String id) {
        return store.audited(actor, "DOCUMENT_SUBMITTED", id, () -> {
            DocumentView doc = store.visible(actor, id);
            DocumentType type = types.find(doc.typeCode()).orElseThrow();
            if (type.approval() != DocumentType.Approval.DEPARTMENT_HEAD) {
                throw DocumentException.conflict(
                        "no-approval-needed",
                        type.nameZh() + " documents are not approved in the system: seal or send it.");
            }
            if (!doc.state().editable()) {
                throw DocumentException.conflict(
                        "not-submittable", "The document is " + doc.state() + ": only a draft can be submitted.");
            }
            SendReadiness.requireComplete(doc, composing);
            update(
                    id,
                    doc.version(),
                    "PENDING_APPROVAL",
                    "submitted_at = ?, approver = NULL, decision_reason = NULL",
                    store.now());
            store.event(id, "SUBMITTED", actor.username(), null);
            return store.find(id).orElseThrow();
        });
    }

    public DocumentView approve(SignedInUser actor, String id) {
        return store.audited(actor, "DOCUMENT_APPROVED", id, () -> {
            DocumentView doc = pending(actor, id);
            update(
                    id,
                    doc.version(),
                    "APPROVED",
                    "approver = ?, signer = ?, decided_at = ?, decision_reason = NULL",
                    actor.username(),
                    actor.displayName() == null ? actor.username() : DocumentStore.clip(actor.displayName(), 64),
                    store.now());
            store.event(id, "APPROVED", actor.username(), null);
            return store.find(id).orElseThrow();
        });
    }

    public DocumentView reject(SignedInUser actor, String id, String reason) {
        return store.audited(actor, "DOCUMENT_REJECTED", id, () -> {
            if (reason == null || reason.isBlank()) {
                throw DocumentException.invalid("reason-required", "A rejection needs a reason.");
            }
            if (reason.length() > 1000) {
                throw DocumentException.invalid("reason-too-long", "A reason has at most 1000 characters.");
            }
            DocumentView doc = pending(actor, id);
            update(
                    id,
                    doc.version(),
                    "REJECTED",
                    "approver = ?, decided_at = ?, decision_reason = ?",
                    actor.username(),
                    store.now(),
                    reason.strip());
            store.event(id, "REJECTED", actor.username(), reason.strip());
            return store.find(id).orElseThrow();
        });
    }

    private DocumentView pending(SignedInUser actor, String id) {
        DocumentView doc = store.visible(actor, id);
        if (!actor.has(Role.DEPT_HEAD)) {
            throw DocumentException.forbidden("Only the department head approves or rejects.");
        }
        if (doc.draftedBy().equals(actor.username())) {
            throw DocumentException.forbidden("The drafter cannot approve or reject their own document.");
        }
        if (doc.state() != DocumentState.PENDING_APPROVAL) {
            throw DocumentException.conflict(
                    "not-pending", "The document is " + doc.state() + ", not waiting for approval.");
        }
        return doc;
    }

    private void update(String id, int version, String state, String set, Object... args) {
        Object[] all = new Object[args.length + 3];
        all[0] = state;
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = id;
        all[args.length + 2] = version;
        int n = store.jdbc()
                .update(
                        "UPDATE document SET state = ?, " + set
                                + ", version = version + 1 WHERE id = ? AND version = ?",
                        all);
        if (n != 1) {
            throw DocumentException.conflict("changed", "The document was changed meanwhile: reload it.");
        }
    }
}
