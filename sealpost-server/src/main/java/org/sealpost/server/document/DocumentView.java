package org.sealpost.server.document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A document as its sender sees it: metadata, state, files and the scope as chosen. */
public record DocumentView(
        String id,
        String senderUnit,
        String typeCode,
        String docNo,
        String title,
        Urgency urgency,
        String signer,
        LocalDate docDate,
        String notes,
        int printCopies,
        int printSuccess,
        boolean paperFollows,
        DocumentState state,
        String draftedBy,
        Instant createdAt,
        String bodyBlob,
        String bodyName,
        String bodyFormat,
        boolean noTextConfirmed,
        boolean bodyHasText,
        String approver,
        String decisionReason,
        String sealId,
        String sealedBlob,
        String sentBy,
        Instant sentAt,
        String envelopeBlob,
        String envelopeDigest,
        String idempotencyKey,
        String sendFingerprint,
        Long requestId,
        String closedReason,
        int version,
        List<Attachment> attachments,
        List<ScopeEntry> scope) {

    public record Attachment(int seq, String fileName, String description, String mediaType, String blobId) {}

    /** One line of the scope as chosen: MAIN (主送) or CC (抄送); UNIT, GROUP or CATEGORY; the code. */
    public record ScopeEntry(String role, String kind, String ref) {}

    public List<String> scopeRefs(String role) {
        return scope.stream()
                .filter(s -> s.role().equals(role))
                .map(ScopeEntry::ref)
                .toList();
    }
}
