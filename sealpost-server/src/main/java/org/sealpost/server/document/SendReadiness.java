package org.sealpost.server.document;

/**
 * The policy "may this document go?", each rule with its reason: a body, a non-empty scope, a
 * signer where the type needs one, the text confirmed when it has none, the approval where
 * required (409), the seal where required (409).
 */
final class SendReadiness {

    private SendReadiness() {}

    static ResolvedScope requireComplete(DocumentView doc, ComposingDocuments composing) {
        if (doc.bodyBlob() == null) {
            throw DocumentException.invalid("no-body", "Upload the body (PDF or OFD) first.");
        }
        if (!doc.bodyHasText() && !doc.noTextConfirmed()) {
            throw DocumentException.conflict(
                    "no-text-unconfirmed",
                    "The body has no extractable text (a scan), so the classification guard cannot read it: confirm that"
                            + " it carries no classification marking (绝密, 机密, 秘密, 商密) first.");
        }
        return composing.requireScope(doc);
    }

    static ResolvedScope requireReady(DocumentView doc, DocumentType type, ComposingDocuments composing) {
        ResolvedScope scope = requireComplete(doc, composing);
        if (type.signerRequired() && doc.signer() == null) {
            throw DocumentException.conflict(
                    "signer-required", type.nameZh() + " needs the 签发人 who approved it: record the signer.");
        }
        if (type.approval() == DocumentType.Approval.DEPARTMENT_HEAD
                && doc.state() != DocumentState.APPROVED
                && doc.state() != DocumentState.SEALED) {
            throw DocumentException.conflict(
                    "approval-required",
                    "A department's " + type.nameZh()
                            + " needs the department head's approval before it is sent (it is " + doc.state() + ").");
        }
        if (type.sealRequired() && doc.sealedBlob() == null) {
            throw DocumentException.conflict("seal-required", type.nameZh() + " must be sealed before it is sent.");
        }
        if (type.approval() != DocumentType.Approval.DEPARTMENT_HEAD
                && doc.state() != DocumentState.DRAFT
                && doc.state() != DocumentState.SEALED) {
            throw DocumentException.conflict("not-sendable", "The document is " + doc.state() + ".");
        }
        return scope;
    }
}
