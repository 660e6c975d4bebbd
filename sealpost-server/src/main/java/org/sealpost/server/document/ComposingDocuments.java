package org.sealpost.server.document;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.UUID;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.blob.BlobRef;
import org.sealpost.server.blob.BlobStore;
import org.sealpost.server.unit.UnitCategory;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Composing (第十四条): drafts are created, edited and resumed; the body (PDF or OFD) and
 * attachments are uploaded; the scope is chosen as units, groups or categories and resolved to
 * the final unit list; the 发文字号 is allocated per unit, type and year unless given by hand.
 */
@Service
public class ComposingDocuments {

    static final int MAX_COPIES = 99;

    private final DocumentStore store;
    private final DocumentTypes types;
    private final UnitDirectory units;
    private final BlobStore blobs;
    private final DocumentInspection inspection;
    private final InformationRequests requests;
    private final DocumentProperties props;
    private final RecipientScopes scopes;
    private final DocumentNumbers numbers;
    private final VirusScanning scanning;

    ComposingDocuments(
            DocumentStore store,
            DocumentTypes types,
            UnitDirectory units,
            BlobStore blobs,
            DocumentInspection inspection,
            InformationRequests requests,
            DocumentProperties props,
            RecipientScopes scopes,
            DocumentNumbers numbers,
            VirusScanning scanning) {
        this.store = store;
        this.types = types;
        this.units = units;
        this.blobs = blobs;
        this.inspection = inspection;
        this.requests = requests;
        this.props = props;
        this.scopes = scopes;
        this.numbers = numbers;
        this.scanning = scanning;
    }

    /** What kind of sender the actor is: the regulator's office, a department, or an institution. */
    DocumentType.SenderKind senderKind(SignedInUser actor) {
        UnitRef unit = units.findByCode(actor.unitCode()).orElseThrow(DocumentException::notFound);
        if (unit.category() == UnitCategory.REGULATOR || unit.category() == UnitCategory.REGULATOR_DEPT) {
            return actor.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR)
                    ? DocumentType.SenderKind.OFFICE
                    : DocumentType.SenderKind.DEPARTMENT;
        }
        return DocumentType.SenderKind.BANK;
    }

    public DocumentType type(String codeOrName, SignedInUser actor) {
        DocumentType.SenderKind kind = senderKind(actor);
        DocumentType type = types.find(codeOrName, kind)
                .orElseThrow(() -> DocumentException.invalid(
                        "unknown-type", "Unknown document type '" + codeOrName + "': see GET /api/v1/types."));
        if (type.sender() != kind) {
            throw DocumentException.forbidden(
                    "Your unit cannot send " + type.nameZh() + " (" + type.code() + ") documents.");
        }
        return type;
    }

    public DocumentView createDraft(SignedInUser actor, DraftCommand command) {
        return createDraft(actor, command, null);
    }

    /**
     * A draft that is the corrected version of {@code previousVersion} (null for none): a document
     * of the actor's unit that at least one recipient returned (退回); recorded in {@code
     * document.previous_version}.
     */
    public DocumentView createDraft(SignedInUser actor, DraftCommand command, String previousVersion) {
        store.requireUsage(actor);
        String id = UUID.randomUUID().toString();
        return store.audited(actor, "DOCUMENT_DRAFTED", id, () -> {
            if (command.type() == null || command.title() == null) {
                throw DocumentException.invalid("missing-field", "A draft needs a type and a title.");
            }
            if (previousVersion != null) {
                store.visible(actor, previousVersion);
                Integer returned = store.jdbc()
                        .queryForObject(
                                "SELECT count(*) FROM delivery WHERE document_id = ? AND state = 'RETURNED'",
                                Integer.class,
                                previousVersion);
                if (returned == 0) {
                    throw DocumentException.conflict(
                            "not-returned", "Only a document a recipient returned gets a corrected version.");
                }
            }
            DocumentType type = type(command.type(), actor);
            var now = store.now();
            store.jdbc()
                    .update(
                            "INSERT INTO document (id, sender_unit, type_code, title, urgency, print_copies,"
                                    + " print_success, paper_follows, state, drafted_by, created_at, updated_at)"
                                    + " VALUES (?, ?, ?, ?, 'NORMAL', 3, 1, ?, 'DRAFT', ?, ?, ?)",
                            id,
                            actor.unitCode(),
                            type.code(),
                            "-",
                            type.code().equals("LICENSING_APPLICATION"),
                            actor.username(),
                            now,
                            now);
            if (previousVersion != null) {
                store.jdbc().update("UPDATE document SET previous_version = ? WHERE id = ?", previousVersion, id);
            }
            apply(actor, store.find(id).orElseThrow(), command);
            store.event(
                    id,
                    "DRAFTED",
                    actor.username(),
                    previousVersion == null ? type.code() : type.code() + ", corrects " + previousVersion);
            return store.find(id).orElseThrow();
        });
    }

    public DocumentView update(SignedInUser actor, String id, DraftCommand command) {
        return store.audited(actor, "DOCUMENT_UPDATED", id, () -> {
            DocumentView doc = editable(actor, id);
            apply(actor, doc, command);
            return store.find(id).orElseThrow();
        });
    }

    public DocumentView view(SignedInUser actor, String id) {
        return store.visible(actor, id);
    }

    /** The unit's documents, newest first, optionally in one state. */
    public List<DocumentView> list(SignedInUser actor, DocumentState state) {
        store.requireUsage(actor);
        List<String> ids = state == null
                ? store.jdbc()
                        .queryForList(
                                "SELECT id FROM document WHERE sender_unit = ? ORDER BY created_at DESC, id LIMIT 500",
                                String.class,
                                actor.unitCode())
                : store.jdbc()
                        .queryForList(
                                "SELECT id FROM document WHERE sender_unit = ? AND state = ?"
                                        + " ORDER BY created_at DESC, id LIMIT 500",
                                String.class,
                                actor.unitCode(),
                                state.name());
        return ids.stream().map(i -> store.find(i).orElseThrow()).toList();
    }

    /**
     * Uploads (replaces) the body: a PDF or OFD, checked by content and by the classification guard;
     * a DOCX/WPS/ODT/DOC is converted to PDF first and the PDF is stored (named like the upload, with
     * {@code .pdf}).
     */
    public DocumentView uploadBody(SignedInUser actor, String id, String fileName, byte[] content) {
        checkSize(content.length);
        return store.audited(actor, "DOCUMENT_BODY_UPLOADED", id, () -> {
            DocumentView doc = editable(actor, id);
            scanning.check("the body \u201c" + fileName(fileName, "body") + "\u201d", content);
            DocumentInspection.Inspected inspected = inspection.inspectBody(content);
            byte[] stored = inspected.converted() == null ? content : inspected.converted();
            String name = inspected.converted() == null ? fileName : asPdfName(fileName);
            BlobRef ref = blobs.put(new ByteArrayInputStream(stored));
            store.jdbc()
                    .update(
                            "UPDATE document SET body_blob = ?, body_name = ?, body_format = ?, no_text_confirmed = FALSE, body_has_text = ?,"
                                    + " sealed_blob = NULL, seal_id = NULL, updated_at = ?, version = version + 1 WHERE id = ?",
                            ref.id(),
                            fileName(name, "body." + inspected.format().toLowerCase(java.util.Locale.ROOT)),
                            inspected.format(),
                            inspected.hasText(),
                            store.now(),
                            id);
            if (doc.bodyBlob() != null) {
                blobs.shred(doc.bodyBlob());
            }
            return store.find(id).orElseThrow();
        });
    }

    /** A converted body's name: the uploaded name with its extension replaced by {@code .pdf}. */
    static String asPdfName(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return null;
        }
        String name = fileName.strip();
        int dot = name.lastIndexOf('.');
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return (dot > slash + 1 ? name.substring(0, dot) : name) + ".pdf";
    }

    /** The sender confirms that a body without extractable text (a scan) carries no classification marking. */
    public DocumentView confirmNoText(SignedInUser actor, String id) {
        return store.audited(actor, "DOCUMENT_NO_TEXT_CONFIRMED", id, () -> {
            editable(actor, id);
            store.jdbc().update("UPDATE document SET no_text_confirmed = TRUE WHERE id = ?", id);
            return store.find(id).orElseThrow();
        });
    }

    public DocumentView addAttachment(
            SignedInUser actor, String id, String fileName, String mediaType, String description, byte[] content) {
        checkSize(content.length);
        return store.audited(actor, "DOCUMENT_ATTACHMENT_ADDED", id, () -> {
            DocumentView doc = editable(actor, id);
            if (description != null && description.length() > 500) {
                throw DocumentException.invalid(
                        "description-too-long", "An attachment description has at most 500 characters.");
            }
            checkMarkings("attachment description", description);
            scanning.check("the attachment \u201c" + fileName(fileName, "attachment") + "\u201d", content);
            BlobRef ref = blobs.put(new ByteArrayInputStream(content));
            int seq = doc.attachments().stream()
                            .mapToInt(DocumentView.Attachment::seq)
                            .max()
                            .orElse(0)
                    + 1;
            store.jdbc()
                    .update(
                            "INSERT INTO document_attachment (document_id, seq, file_name, description, media_type, blob_id)"
                                    + " VALUES (?, ?, ?, ?, ?, ?)",
                            id,
                            seq,
                            fileName(fileName, "attachment-" + seq),
                            description,
                            mediaType == null || mediaType.isBlank()
                                    ? "application/octet-stream"
                                    : clip(mediaType, 100),
                            ref.id());
            touch(id);
            return store.find(id).orElseThrow();
        });
    }

    public DocumentView removeAttachment(SignedInUser actor, String id, int seq) {
        return store.audited(actor, "DOCUMENT_ATTACHMENT_REMOVED", id, () -> {
            DocumentView doc = editable(actor, id);
            DocumentView.Attachment attachment = doc.attachments().stream()
                    .filter(a -> a.seq() == seq)
                    .findFirst()
                    .orElseThrow(
                            () -> new DocumentException(404, "document.no-attachment", "No attachment " + seq + "."));
            store.jdbc().update("DELETE FROM document_attachment WHERE document_id = ? AND seq = ?", id, seq);
            blobs.shred(attachment.blobId());
            touch(id);
            return store.find(id).orElseThrow();
        });
    }

    /** The final recipient units of a document's scope, as they will receive it. */
    public ResolvedScope resolvedScope(SignedInUser actor, String id) {
        DocumentView doc = store.visible(actor, id);
        return scopes.resolve(doc);
    }

    /** A non-empty scope, or 400. */
    ResolvedScope requireScope(DocumentView doc) {
        ResolvedScope scope = scopes.resolve(doc);
        if (scope.size() == 0) {
            throw DocumentException.invalid(
                    "empty-scope", "The scope names no recipient unit: choose at least one unit, group or category.");
        }
        return scope;
    }

    DocumentView editable(SignedInUser actor, String id) {
        // R03: an edit holds the document's row lock from its first read to its commit, so parallel
        // edits apply one after another, each on the state the previous one left, instead of writing
        // back fields they read before another edit changed them (lost updates)
        store.jdbc().query("SELECT id FROM document WHERE id = ? FOR UPDATE", (rs, n) -> rs.getString(1), id);
        DocumentView doc = store.visible(actor, id);
        if (!doc.state().editable()) {
            throw DocumentException.conflict(
                    "not-editable",
                    "The document is " + doc.state() + ": only a draft or a rejected document can be changed.");
        }
        if (doc.state() == DocumentState.REJECTED) {
            store.jdbc().update("UPDATE document SET state = 'DRAFT' WHERE id = ?", id);
        }
        return doc;
    }

    private void apply(SignedInUser actor, DocumentView doc, DraftCommand c) {
        DocumentType type = c.type() != null
                ? type(c.type(), actor)
                : types.find(doc.typeCode()).orElseThrow();
        String title = c.title() != null ? c.title().strip() : doc.title();
        if (title.isEmpty() || title.length() > 500) {
            throw DocumentException.invalid("bad-title", "A title has 1 to 500 characters.");
        }
        Urgency urgency = doc.urgency();
        if (c.urgency() != null) {
            urgency = Urgency.parse(c.urgency());
            if (urgency == null) {
                throw DocumentException.invalid(
                        "bad-urgency",
                        "Urgency is NORMAL, URGENT or EXTRA_URGENT (平件, 急件, 特急), not '" + c.urgency() + "'.");
            }
        }
        int copies = c.printCopies() != null ? c.printCopies() : doc.printCopies();
        int success = c.printSuccess() != null ? c.printSuccess() : doc.printSuccess();
        if (copies < 1 || copies > MAX_COPIES || success < 1 || success > copies) {
            throw DocumentException.invalid(
                    "bad-print-allowance",
                    "Print allowance: 1 to " + MAX_COPIES + " copies authorised, 1 to that many that may succeed.");
        }
        String notes = c.notes() != null ? c.notes() : doc.notes();
        if (notes != null && notes.length() > 2000) {
            throw DocumentException.invalid("notes-too-long", "Notes have at most 2000 characters.");
        }
        String signer = c.signer() != null ? blankToNull(c.signer()) : doc.signer();
        if (signer != null && signer.length() > 64) {
            throw DocumentException.invalid("bad-signer", "A signer's name has at most 64 characters.");
        }
        checkMarkings("title", title);
        checkMarkings("notes", notes);
        checkMarkings("document number", c.docNo());
        Long requestId = c.requestId() != null ? c.requestId() : doc.requestId();
        if (type.requestRequired()) {
            if (requestId == null) {
                throw DocumentException.invalid(
                        "request-required",
                        "Informal material goes to a department only in answer to its request: give the request id.");
            }
            InformationRequests.Request request = requests.answerable(actor, requestId);
            if (c.to() == null && doc.scopeRefs("MAIN").isEmpty()) {
                c = withTo(c, List.of(request.unitCode()));
            }
            List<String> to = c.to() != null ? c.to() : doc.scopeRefs("MAIN");
            List<String> cc = c.cc() != null ? c.cc() : doc.scopeRefs("CC");
            if (!cc.isEmpty() || to.size() != 1 || !to.get(0).trim().equalsIgnoreCase(request.unitCode())) {
                throw DocumentException.invalid(
                        "reply-to-requester-only",
                        "An answer to a request goes to the requesting department " + request.unitCode() + " only.");
            }
        } else {
            requestId = null;
        }
        boolean paper = c.paperFollows() != null ? c.paperFollows() : doc.paperFollows();
        String docNo = c.docNo() != null ? blankToNull(c.docNo()) : doc.docNo();
        if (docNo != null && docNo.length() > 100) {
            throw DocumentException.invalid("bad-number", "A document number has at most 100 characters.");
        }
        if (docNo == null && type.numberPrefix() != null) {
            docNo = numbers.allocate(doc.senderUnit(), type);
        } else if (docNo != null && !docNo.equals(doc.docNo())) {
            numbers.requireUnique(doc.senderUnit(), docNo, doc.id());
        }
        try {
            store.jdbc()
                    .update(
                            "UPDATE document SET type_code = ?, doc_no = ?, title = ?, urgency = ?, signer = ?, doc_date = ?,"
                                    + " notes = ?, print_copies = ?, print_success = ?, paper_follows = ?, request_id = ?,"
                                    + " updated_at = ?, version = version + 1 WHERE id = ?",
                            type.code(),
                            docNo,
                            title,
                            urgency.name(),
                            signer,
                            c.docDate() != null ? c.docDate() : doc.docDate(),
                            blankToNull(notes),
                            copies,
                            success,
                            paper,
                            requestId,
                            store.now(),
                            doc.id());
        } catch (DuplicateKeyException e) {
            throw DocumentNumbers.duplicate(docNo);
        }
        if (c.to() != null) {
            scopes.replace(doc.id(), "MAIN", c.to());
        }
        if (c.cc() != null) {
            scopes.replace(doc.id(), "CC", c.cc());
        }
    }

    private static DraftCommand withTo(DraftCommand c, List<String> to) {
        return new DraftCommand(
                c.type(),
                c.docNo(),
                c.title(),
                c.urgency(),
                c.signer(),
                c.docDate(),
                c.notes(),
                c.printCopies(),
                c.printSuccess(),
                c.paperFollows(),
                c.requestId(),
                to,
                c.cc());
    }

    void checkMarkings(String where, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        List<String> found = inspection.checkMetadata(where, text);
        if (!found.isEmpty()) {
            throw DocumentException.unprocessable(
                    "classified",
                    "This system carries no classified material: " + String.join("; ", found)
                            + ". Remove the marking or send the document by the channel for classified documents.");
        }
    }

    private void checkSize(long size) {
        if (size > props.maxUploadSize().toBytes()) {
            throw tooLarge(props.maxUploadSize().toMegabytes());
        }
    }

    static DocumentException tooLarge(long megabytes) {
        return new DocumentException(
                413, "document.too-large", "The file is larger than the upload limit of " + megabytes + " MB.");
    }

    private void touch(String id) {
        store.jdbc().update("UPDATE document SET updated_at = ?, version = version + 1 WHERE id = ?", store.now(), id);
    }

    static String fileName(String name, String fallback) {
        if (name == null || name.isBlank()) {
            return fallback;
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "");
        return base.isBlank() ? fallback : clip(base, 255);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
