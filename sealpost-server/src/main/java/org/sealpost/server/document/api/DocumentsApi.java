package org.sealpost.server.document.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.document.ApprovingDocuments;
import org.sealpost.server.document.ComposingDocuments;
import org.sealpost.server.document.DocumentException;
import org.sealpost.server.document.DocumentState;
import org.sealpost.server.document.DocumentTypes;
import org.sealpost.server.document.DraftCommand;
import org.sealpost.server.document.InformationRequests;
import org.sealpost.server.document.RecallingDocuments;
import org.sealpost.server.document.ResolvedScope;
import org.sealpost.server.document.SealingDocuments;
import org.sealpost.server.document.SendingDocuments;
import org.sealpost.server.document.TrackingDocuments;
import org.sealpost.server.unit.UnitRef;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Sending over REST (issue 5): drafts, files, scope, approval, seal, preview, send, tracking,
 * reminders, 补发, recall, void, document types and information requests. Errors are problem+json
 * with a stable {@code code} (see {@link DocumentApiExceptionHandler}); another unit's document is a
 * 404.
 */
@RestController
@RequestMapping("/api/v1")
@PreAuthorize("isAuthenticated()")
@Tag(name = "Documents", description = "Sending documents (发文): compose, approve, seal, send, track, recall, void")
class DocumentsApi {

    private final DocumentTypes types;
    private final ComposingDocuments composing;
    private final ApprovingDocuments approving;
    private final SealingDocuments sealing;
    private final SendingDocuments sending;
    private final TrackingDocuments tracking;
    private final RecallingDocuments recalling;
    private final InformationRequests requests;

    DocumentsApi(
            DocumentTypes types,
            ComposingDocuments composing,
            ApprovingDocuments approving,
            SealingDocuments sealing,
            SendingDocuments sending,
            TrackingDocuments tracking,
            RecallingDocuments recalling,
            InformationRequests requests) {
        this.types = types;
        this.composing = composing;
        this.approving = approving;
        this.sealing = sealing;
        this.sending = sending;
        this.tracking = tracking;
        this.recalling = recalling;
        this.requests = requests;
    }

    record TypeJson(
            String code,
            String name,
            String nameEn,
            String direction,
            boolean sealRequired,
            boolean signerRequired,
            String approval,
            String numberPrefix,
            String sender) {}

    @GetMapping("/types")
    @Operation(
            summary = "Document types (文种)",
            description = "Each type's stable code, Chinese name, direction DOWN (regulator → banks) or UP, and whether"
                    + " it must be sealed; also who approves, the number prefix and who may send it.")
    List<TypeJson> types() {
        return types.all().stream()
                .map(t -> new TypeJson(
                        t.code(),
                        t.nameZh(),
                        t.nameEn(),
                        t.direction().name(),
                        t.sealRequired(),
                        t.signerRequired(),
                        t.approval().name(),
                        t.numberPrefix(),
                        t.sender().name()))
                .toList();
    }

    record DraftJson(
            String type,
            String docNo,
            String title,
            String urgency,
            String signer,
            LocalDate docDate,
            String notes,
            Integer printCopies,
            Integer printSuccess,
            Boolean paperFollows,
            Long requestId,
            List<String> to,
            List<String> cc,
            String previousVersion) {
        DraftCommand command() {
            return new DraftCommand(
                    type,
                    docNo,
                    title,
                    urgency,
                    signer,
                    docDate,
                    notes,
                    printCopies,
                    printSuccess,
                    paperFollows,
                    requestId,
                    to,
                    cc);
        }
    }

    @GetMapping("/documents")
    @Operation(summary = "The unit's documents, newest first", description = "Optionally only those in one state.")
    List<DocumentJson> list(@RequestParam(required = false) String state) {
        DocumentState wanted = null;
        if (state != null && !state.isBlank()) {
            try {
                wanted = DocumentState.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new DocumentException(400, "document.bad-state", "Unknown state " + state + ".");
            }
        }
        return composing.list(user(), wanted).stream().map(DocumentJson::of).toList();
    }

    @PostMapping("/documents")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Create a draft",
            description = "type (code or Chinese name) and title are required. docNo is allocated (浙银监发〔2026〕12号) when"
                    + " left out for types with a number prefix; a given number must be unique in the unit (409)."
                    + " to/cc: unit codes, group codes or category names (400 names an unknown one)."
                    + " previousVersion: the id of a document of your unit that a recipient returned (退回); the"
                    + " draft is its corrected version (409 when it was not returned).")
    DocumentJson create(@RequestBody DraftJson draft) {
        return DocumentJson.of(composing.createDraft(user(), draft.command(), draft.previousVersion()));
    }

    @GetMapping("/documents/{id}")
    @Operation(summary = "One document of the caller's unit (404 for any other)")
    DocumentJson get(@PathVariable String id) {
        return DocumentJson.of(composing.view(user(), id));
    }

    @PatchMapping("/documents/{id}")
    @Operation(summary = "Change a draft's metadata or scope", description = "Absent fields keep their value.")
    DocumentJson update(@PathVariable String id, @RequestBody DraftJson draft) {
        return DocumentJson.of(composing.update(user(), id, draft.command()));
    }

    @RequestMapping(
            path = "/documents/{id}/body",
            method = {
                org.springframework.web.bind.annotation.RequestMethod.PUT,
                org.springframework.web.bind.annotation.RequestMethod.POST
            },
            consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Upload the body (PDF or OFD)",
            description = "Checked by content and by the classification guard (422 with the reason); over the upload"
                    + " limit → 413 stating it.")
    DocumentJson body(@PathVariable String id, @RequestPart("file") MultipartFile file) throws IOException {
        return DocumentJson.of(composing.uploadBody(user(), id, file.getOriginalFilename(), file.getBytes()));
    }

    @PostMapping("/documents/{id}/no-text-confirmation")
    @Operation(summary = "Confirm that a body without text (a scan) carries no classification marking")
    DocumentJson confirmNoText(@PathVariable String id) {
        return DocumentJson.of(composing.confirmNoText(user(), id));
    }

    @PostMapping(path = "/documents/{id}/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add an attachment with a description")
    DocumentJson attach(
            @PathVariable String id,
            @RequestPart("file") MultipartFile file,
            @RequestParam(required = false) String description)
            throws IOException {
        return DocumentJson.of(composing.addAttachment(
                user(), id, file.getOriginalFilename(), file.getContentType(), description, file.getBytes()));
    }

    @DeleteMapping("/documents/{id}/attachments/{seq}")
    @Operation(summary = "Remove an attachment from a draft")
    DocumentJson detach(@PathVariable String id, @PathVariable int seq) {
        return DocumentJson.of(composing.removeAttachment(user(), id, seq));
    }

    record UnitJson(String code, String name) {
        static UnitJson of(UnitRef u) {
            return new UnitJson(u.code(), u.name());
        }
    }

    record ScopeJson(List<UnitJson> main, List<UnitJson> cc, int total) {}

    @GetMapping("/documents/{id}/scope")
    @Operation(summary = "The final recipient units, as shown before sending (the sending unit excluded)")
    ScopeJson scope(@PathVariable String id) {
        ResolvedScope scope = composing.resolvedScope(user(), id);
        return new ScopeJson(
                scope.main().stream().map(UnitJson::of).toList(),
                scope.cc().stream().map(UnitJson::of).toList(),
                scope.size());
    }

    @PostMapping("/documents/{id}/submit")
    @Operation(summary = "Submit a department document for the head's approval")
    DocumentJson submit(@PathVariable String id) {
        return DocumentJson.of(approving.submit(user(), id));
    }

    @PostMapping("/documents/{id}/approve")
    @Operation(summary = "Approve (department head; not the drafter → 403)")
    DocumentJson approve(@PathVariable String id) {
        return DocumentJson.of(approving.approve(user(), id));
    }

    record ReasonJson(String reason, String pin) {
        @Override
        public String toString() {
            return "ReasonJson[" + reason + ", PIN [REDACTED]]";
        }
    }

    @PostMapping("/documents/{id}/reject")
    @Operation(summary = "Reject with a mandatory reason (department head)")
    DocumentJson reject(@PathVariable String id, @RequestBody ReasonJson body) {
        return DocumentJson.of(approving.reject(user(), id, body.reason()));
    }

    record SealJson(String sealId, String pin, Integer page, Double x, Double y) {
        @Override
        public String toString() {
            return "SealJson[" + sealId + ", PIN [REDACTED]]";
        }
    }

    @PostMapping("/documents/{id}/seal")
    @Operation(
            summary = "Place the seal",
            description =
                    "The custodian's seal id and seal PIN (wrong PINs count; five lock the seal); page (default 1)"
                            + " and x, y in millimetres from the bottom-left corner (default 120, 40).")
    DocumentJson seal(@PathVariable String id, @RequestBody SealJson body) {
        return DocumentJson.of(sealing.seal(
                user(),
                id,
                new SealingDocuments.SealCommand(
                        body.sealId(),
                        body.pin() == null ? null : body.pin().toCharArray(),
                        body.page() == null ? 1 : body.page(),
                        body.x() == null ? 120 : body.x(),
                        body.y() == null ? 40 : body.y())));
    }

    @GetMapping("/documents/{id}/preview")
    @Operation(summary = "The bytes recipients will see (the sealed body), for the sender only")
    ResponseEntity<byte[]> preview(@PathVariable String id) {
        SealingDocuments.Preview preview = sealing.preview(user(), id);
        return ResponseEntity.ok()
                .contentType(
                        "PDF".equals(preview.format())
                                ? MediaType.APPLICATION_PDF
                                : MediaType.parseMediaType("application/ofd"))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline()
                                .filename(
                                        preview.fileName() == null ? "document" : preview.fileName(),
                                        java.nio.charset.StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(preview.content());
    }

    record SendJson(Boolean confirm, String pin, String idempotencyKey) {
        @Override
        public String toString() {
            return "SendJson[confirm=" + confirm + ", PIN [REDACTED]]";
        }
    }

    record SentJson(String id, int deliveries, String envelopeDigest, boolean replayed) {}

    @PostMapping("/documents/{id}/send")
    @Operation(
            summary = "Send: one envelope, one delivery per unit",
            description = "Needs confirm=true, the unit key PIN and an Idempotency-Key header (or idempotencyKey):"
                    + " the same key again returns the first result without a second send; the same key for another"
                    + " request → 409. Without required approval or seal → 409.")
    SentJson send(
            @PathVariable String id,
            @RequestBody SendJson body,
            @Parameter(description = "any unique text per send")
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    String key) {
        SendingDocuments.SendResult result = sending.send(
                user(),
                new SendingDocuments.SendCommand(
                        id,
                        Boolean.TRUE.equals(body.confirm()),
                        key != null ? key : body.idempotencyKey(),
                        body.pin() == null ? null : body.pin().toCharArray()));
        return new SentJson(result.id(), result.deliveries(), result.envelopeDigest(), result.replayed());
    }

    record SupplementJson(List<String> to, List<String> cc, Boolean confirm, String pin, String idempotencyKey) {
        @Override
        public String toString() {
            return "SupplementJson[" + to + ", " + cc + ", PIN [REDACTED]]";
        }
    }

    @PostMapping("/documents/{id}/supplement")
    @Operation(
            summary = "补发: send a sent document to further units",
            description = "A new logged act with its own envelope for the added units; units already delivered → 409.")
    SentJson supplement(
            @PathVariable String id,
            @RequestBody SupplementJson body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        SendingDocuments.SendResult result = sending.supplement(
                user(),
                new SendingDocuments.SupplementCommand(
                        id,
                        body.to(),
                        body.cc(),
                        Boolean.TRUE.equals(body.confirm()),
                        key != null ? key : body.idempotencyKey(),
                        body.pin() == null ? null : body.pin().toCharArray()));
        return new SentJson(result.id(), result.deliveries(), result.envelopeDigest(), result.replayed());
    }

    @GetMapping("/documents/{id}/deliveries")
    @Operation(
            summary =
                    "Per recipient unit: state, signed (when, by whom), printed copies, downloaded, returned, overdue",
            description = "Filter with state=DELIVERED|SIGNED|RETURNED|… .")
    List<TrackingDocuments.DeliveryStatus> deliveries(
            @PathVariable String id, @RequestParam(required = false) String state) {
        return tracking.deliveries(user(), id, state);
    }

    record RemindJson(List<String> units) {}

    @PostMapping("/documents/{id}/remind")
    @Operation(summary = "催办: remind the units (all, or those listed) that have not signed")
    Map<String, Object> remind(@PathVariable String id, @RequestBody(required = false) RemindJson body) {
        List<String> units = tracking.remind(user(), id, body == null ? null : body.units());
        return Map.of("reminded", units);
    }

    @PostMapping("/documents/{id}/recall")
    @Operation(
            summary = "Recall (撤回) before any unit signed",
            description =
                    "A signed statement with the reason (unit key PIN needed); after a signing → 409 (void instead).")
    RecallingDocuments.Closed recall(@PathVariable String id, @RequestBody ReasonJson body) {
        return recalling.recall(user(), close(id, body));
    }

    @PostMapping("/documents/{id}/void")
    @Operation(
            summary = "Void (作废) after signing",
            description =
                    "A signed statement with the reason; deliveries VOIDED (unsigned ones RECALLED), the electronic"
                            + " copy destroyed; recipients confirm destruction of printed copies.")
    RecallingDocuments.Closed voidDocument(@PathVariable String id, @RequestBody ReasonJson body) {
        return recalling.voidDocument(user(), close(id, body));
    }

    private static RecallingDocuments.CloseCommand close(String id, ReasonJson body) {
        return new RecallingDocuments.CloseCommand(
                id, body.reason(), body.pin() == null ? null : body.pin().toCharArray());
    }

    record RequestJson(String kind, String title, Instant deadline, List<String> units) {}

    @GetMapping("/requests")
    @Operation(summary = "Information requests (调研/信息报送) the unit opened or is asked by")
    List<InformationRequests.Request> requests() {
        return requests.visibleTo(user());
    }

    @PostMapping("/requests")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Open an information request (department staff or head)",
            description =
                    "kind SURVEY or REPORTING, a title, a future deadline and the units asked; banks then answer with"
                            + " BANK_INFORMAL_REPLY documents giving requestId.")
    InformationRequests.Request openRequest(@RequestBody RequestJson body) {
        return requests.open(
                user(), new InformationRequests.OpenRequest(body.kind(), body.title(), body.deadline(), body.units()));
    }

    @GetMapping("/requests/{id}")
    @Operation(summary = "One information request (the requesting department or a unit asked)")
    InformationRequests.Request request(@PathVariable long id) {
        return requests.view(user(), id);
    }

    private static SignedInUser user() {
        return SignedInUser.current().orElseThrow(() -> new AccessDeniedException("not a SealPost account"));
    }
}
