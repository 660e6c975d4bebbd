package org.sealpost.server.document.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.sealpost.server.document.DocumentView;

/** A document in the API: metadata, state and files; never blob ids or key material. */
record DocumentJson(
        String id,
        String senderUnit,
        String type,
        String docNo,
        String title,
        String urgency,
        String signer,
        LocalDate docDate,
        String notes,
        int printCopies,
        int printSuccess,
        boolean paperFollows,
        String state,
        String draftedBy,
        Instant createdAt,
        String bodyName,
        String bodyFormat,
        boolean sealed,
        boolean noTextConfirmed,
        String approver,
        String decisionReason,
        String sentBy,
        Instant sentAt,
        String envelopeDigest,
        Long requestId,
        String closedReason,
        List<AttachmentJson> attachments,
        List<String> to,
        List<String> cc) {

    record AttachmentJson(int seq, String fileName, String description, String mediaType) {}

    static DocumentJson of(DocumentView d) {
        return new DocumentJson(
                d.id(),
                d.senderUnit(),
                d.typeCode(),
                d.docNo(),
                d.title(),
                d.urgency().name(),
                d.signer(),
                d.docDate(),
                d.notes(),
                d.printCopies(),
                d.printSuccess(),
                d.paperFollows(),
                d.state().name(),
                d.draftedBy(),
                d.createdAt(),
                d.bodyName(),
                d.bodyFormat(),
                d.sealedBlob() != null,
                d.noTextConfirmed(),
                d.approver(),
                d.decisionReason(),
                d.sentBy(),
                d.sentAt(),
                d.envelopeDigest(),
                d.requestId(),
                d.closedReason(),
                d.attachments().stream()
                        .map(a -> new AttachmentJson(a.seq(), a.fileName(), a.description(), a.mediaType()))
                        .toList(),
                d.scopeRefs("MAIN"),
                d.scopeRefs("CC"));
    }
}
