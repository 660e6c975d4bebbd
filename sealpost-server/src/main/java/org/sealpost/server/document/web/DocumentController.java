package org.sealpost.server.document.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.sealpost.core.render.RenderException;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.document.ApprovingDocuments;
import org.sealpost.server.document.ComposingDocuments;
import org.sealpost.server.document.DocumentException;
import org.sealpost.server.document.DocumentState;
import org.sealpost.server.document.DocumentType;
import org.sealpost.server.document.DocumentTypes;
import org.sealpost.server.document.DocumentView;
import org.sealpost.server.document.RecallingDocuments;
import org.sealpost.server.document.ResolvedScope;
import org.sealpost.server.document.SealingDocuments;
import org.sealpost.server.document.SendingDocuments;
import org.sealpost.server.document.TrackingDocuments;
import org.sealpost.server.document.Urgency;
import org.sealpost.server.identity.DocumentUsage;
import org.sealpost.server.seal.SealRegister;
import org.sealpost.server.seal.SealState;
import org.sealpost.server.seal.SealView;
import org.sealpost.server.unit.DefiningRecipientGroups;
import org.sealpost.server.unit.UnitCategory;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.WebUtils;

/**
 * The sending pages (issue 5): 拟稿 (compose, body and attachments, drafts), the resolved scope,
 * approval by the department head, seal placement, the preview of exactly what recipients see
 * with an explicit confirmation and a one-time idempotency key, and tracking with 催办, recall,
 * void and 补发. Every rule is the use-case services'; a refusal is shown on the page it came
 * from, with its HTTP status, the reason and where it was found.
 */
@Controller
class DocumentController {

    private final ComposingDocuments composing;
    private final ApprovingDocuments approving;
    private final SealingDocuments sealing;
    private final SendingDocuments sending;
    private final TrackingDocuments tracking;
    private final RecallingDocuments recalling;
    private final DocumentTypes types;
    private final UnitDirectory units;
    private final DefiningRecipientGroups groups;
    private final SealRegister seals;
    private final PageImages pages;
    private final DocumentUsage usage;
    private final DataSize fileLimit;
    private final DataSize requestLimit;

    DocumentController(
            ComposingDocuments composing,
            ApprovingDocuments approving,
            SealingDocuments sealing,
            SendingDocuments sending,
            TrackingDocuments tracking,
            RecallingDocuments recalling,
            DocumentTypes types,
            UnitDirectory units,
            DefiningRecipientGroups groups,
            SealRegister seals,
            PageImages pages,
            DocumentUsage usage,
            @Value("${spring.servlet.multipart.max-file-size:1MB}") DataSize fileLimit,
            @Value("${spring.servlet.multipart.max-request-size:10MB}") DataSize requestLimit) {
        this.fileLimit = fileLimit;
        this.requestLimit = requestLimit;
        this.composing = composing;
        this.approving = approving;
        this.sealing = sealing;
        this.sending = sending;
        this.tracking = tracking;
        this.recalling = recalling;
        this.types = types;
        this.units = units;
        this.groups = groups;
        this.seals = seals;
        this.pages = pages;
        this.usage = usage;
    }

    /** The compose form's fields; kept as typed when the server refuses them. */
    public static class DraftForm {
        public String type = "";
        public String docNo = "";
        public String title = "";
        public String urgency = "NORMAL";
        public String signer = "";
        public LocalDate docDate;
        public String notes = "";
        public int printCopies = 3;
        public int printSuccess = 1;
        public boolean paperFollows;
        public Long requestId;
        public List<String> to = new ArrayList<>();
        public List<String> cc = new ArrayList<>();

        // Spring binds through setters
        public void setType(String v) {
            type = v;
        }

        public void setDocNo(String v) {
            docNo = v;
        }

        public void setTitle(String v) {
            title = v;
        }

        public void setUrgency(String v) {
            urgency = v;
        }

        public void setSigner(String v) {
            signer = v;
        }

        public void setDocDate(LocalDate v) {
            docDate = v;
        }

        public void setNotes(String v) {
            notes = v;
        }

        public void setPrintCopies(int v) {
            printCopies = v;
        }

        public void setPrintSuccess(int v) {
            printSuccess = v;
        }

        public void setPaperFollows(boolean v) {
            paperFollows = v;
        }

        public void setRequestId(Long v) {
            requestId = v;
        }

        public void setTo(List<String> v) {
            to = v == null ? new ArrayList<>() : v;
        }

        public void setCc(List<String> v) {
            cc = v == null ? new ArrayList<>() : v;
        }

        public String getType() {
            return type;
        }

        public String getDocNo() {
            return docNo;
        }

        public String getTitle() {
            return title;
        }

        public String getUrgency() {
            return urgency;
        }

        public String getSigner() {
            return signer;
        }

        public LocalDate getDocDate() {
            return docDate;
        }

        public String getNotes() {
            return notes;
        }

        public int getPrintCopies() {
            return printCopies;
        }

        public int getPrintSuccess() {
            return printSuccess;
        }

        public boolean isPaperFollows() {
            return paperFollows;
        }

        public Long getRequestId() {
            return requestId;
        }

        public List<String> getTo() {
            return to;
        }

        public List<String> getCc() {
            return cc;
        }

        static DraftForm of(DocumentView d) {
            DraftForm f = new DraftForm();
            f.type = d.typeCode();
            f.docNo = d.docNo() == null ? "" : d.docNo();
            f.title = d.title();
            f.urgency = d.urgency().name();
            f.signer = d.signer() == null ? "" : d.signer();
            f.docDate = d.docDate();
            f.notes = d.notes() == null ? "" : d.notes();
            f.printCopies = d.printCopies();
            f.printSuccess = d.printSuccess();
            f.paperFollows = d.paperFollows();
            f.requestId = d.requestId();
            f.to = new ArrayList<>(d.scopeRefs("MAIN"));
            f.cc = new ArrayList<>(d.scopeRefs("CC"));
            return f;
        }

        org.sealpost.server.document.DraftCommand command() {
            return new org.sealpost.server.document.DraftCommand(
                    type == null || type.isBlank() ? null : type,
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
                    requestId != null && clean(to).isEmpty() ? null : clean(to),
                    requestId != null && clean(cc).isEmpty() ? null : clean(cc));
        }

        private static List<String> clean(List<String> refs) {
            List<String> out = new ArrayList<>();
            for (String r : refs) {
                for (String part : r.split("[,，\\s]+")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
            }
            return out;
        }
    }

    @ModelAttribute("en")
    boolean en() {
        return isEnglish();
    }

    // ---- lists ---------------------------------------------------------------------------------

    @GetMapping("/documents")
    String list(@RequestParam(required = false) String state, Model model) {
        SignedInUser me = me();
        List<DocumentView> all = composing.list(me, null);
        model.addAttribute(
                "drafts", all.stream().filter(d -> d.state().editable()).toList());
        model.addAttribute(
                "inProgress",
                all.stream()
                        .filter(d -> d.state() == DocumentState.PENDING_APPROVAL
                                || d.state() == DocumentState.APPROVED
                                || d.state() == DocumentState.SEALED)
                        .toList());
        model.addAttribute(
                "sent",
                all.stream()
                        .filter(d -> d.state() == DocumentState.SENT
                                || d.state() == DocumentState.RECALLED
                                || d.state() == DocumentState.VOIDED)
                        .toList());
        return "document/list";
    }

    @GetMapping("/documents/approvals")
    String approvals(Model model) {
        SignedInUser me = me();
        model.addAttribute(
                "pending",
                composing.list(me, DocumentState.PENDING_APPROVAL).stream()
                        .filter(d -> !d.draftedBy().equals(me.username()))
                        .toList());
        model.addAttribute("isHead", me.has(Role.DEPT_HEAD));
        return "document/approvals";
    }

    // ---- compose -------------------------------------------------------------------------------

    @GetMapping("/documents/new")
    String newDraft(@RequestParam(required = false) Long requestId, Model model) {
        if (!usage.mayUseDocuments(me())) {
            throw new DocumentException(403, "document.forbidden", "You may not use the document functions.");
        }
        DraftForm form = new DraftForm();
        form.requestId = requestId;
        if (requestId != null) {
            form.type = "BANK_INFORMAL_REPLY";
        }
        return compose(null, form, null, model);
    }

    @PostMapping("/documents")
    String create(@ModelAttribute("form") DraftForm form, Model model, HttpServletResponse response) {
        try {
            DocumentView d = composing.createDraft(me(), form.command());
            return "redirect:/documents/" + d.id() + "?saved";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> compose(null, form, null, model));
        }
    }

    @GetMapping("/documents/{id}")
    String open(@PathVariable String id, Model model) {
        DocumentView d = composing.view(me(), id);
        return switch (d.state()) {
            case DRAFT, REJECTED -> compose(d, DraftForm.of(d), null, model);
            case PENDING_APPROVAL -> "redirect:/documents/" + id + "/review";
            case APPROVED, SEALED -> "redirect:/documents/" + id + "/send";
            default -> "redirect:/documents/" + id + "/tracking";
        };
    }

    @PostMapping("/documents/{id}")
    String update(
            @PathVariable String id,
            @ModelAttribute("form") DraftForm form,
            Model model,
            HttpServletResponse response) {
        try {
            composing.update(me(), id, form.command());
            return "redirect:/documents/" + id + "?saved";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> compose(composing.view(me(), id), form, null, model));
        }
    }

    @PostMapping("/documents/{id}/body")
    String body(@PathVariable String id, HttpServletRequest request, Model model, HttpServletResponse response)
            throws IOException {
        try {
            MultipartFile file = uploaded(request).getFile("file");
            if (file == null || file.isEmpty()) {
                throw new DocumentException(400, "document.no-file", "Choose a file to upload.");
            }
            composing.uploadBody(me(), id, file.getOriginalFilename(), file.getBytes());
            return "redirect:/documents/" + id + "?uploaded";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> composeOf(id, model));
        }
    }

    @PostMapping("/documents/{id}/no-text-confirmation")
    String confirmNoText(
            @PathVariable String id,
            @RequestParam(defaultValue = "false") boolean confirm,
            Model model,
            HttpServletResponse response) {
        try {
            if (!confirm) {
                throw new DocumentException(
                        400, "document.no-text-unconfirmed", "Tick the box to confirm the scan carries no marking.");
            }
            composing.confirmNoText(me(), id);
            return "redirect:/documents/" + id;
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> composeOf(id, model));
        }
    }

    @PostMapping("/documents/{id}/attachments")
    String attach(@PathVariable String id, HttpServletRequest request, Model model, HttpServletResponse response)
            throws IOException {
        try {
            MultipartHttpServletRequest upload = uploaded(request);
            MultipartFile file = upload.getFile("file");
            String description = Objects.requireNonNullElse(upload.getParameter("description"), "");
            if (file == null || file.isEmpty()) {
                throw new DocumentException(400, "document.no-file", "Choose a file to upload.");
            }
            composing.addAttachment(
                    me(), id, file.getOriginalFilename(), file.getContentType(), description, file.getBytes());
            return "redirect:/documents/" + id + "#attachments";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> composeOf(id, model));
        }
    }

    @PostMapping("/documents/{id}/attachments/{seq}/delete")
    String detach(@PathVariable String id, @PathVariable int seq, Model model, HttpServletResponse response) {
        try {
            composing.removeAttachment(me(), id, seq);
            return "redirect:/documents/" + id + "#attachments";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> composeOf(id, model));
        }
    }

    /** The resolved scope as a fragment (htmx) — count and names, or the reason it does not resolve. */
    @GetMapping("/documents/{id}/scope")
    String scope(@PathVariable String id, Model model) {
        DocumentView d = composing.view(me(), id);
        addScope(d, model);
        return "document/fragments :: scope";
    }

    @PostMapping("/documents/{id}/submit")
    String submit(@PathVariable String id, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            approving.submit(me(), id);
            redirect.addFlashAttribute("notice", "document.done.submitted");
            return "redirect:/documents";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> composeOf(id, model));
        }
    }

    /**
     * The upload, parsed here rather than before the handler (spring.servlet.multipart.resolve-lazily),
     * so an upload over the multipart limit re-renders the compose page with the limit stated (413).
     */
    private MultipartHttpServletRequest uploaded(HttpServletRequest request) {
        MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        if (multipart == null) {
            throw new DocumentException(400, "document.no-file", "Choose a file to upload.");
        }
        try {
            multipart.getFileMap();
            return multipart;
        } catch (MaxUploadSizeExceededException e) {
            throw DocumentException.uploadTooLarge(fileLimit, requestLimit);
        }
    }

    private String composeOf(String id, Model model) {
        DocumentView d = composing.view(me(), id);
        return compose(d, DraftForm.of(d), null, model);
    }

    private String compose(DocumentView d, DraftForm form, Object unused, Model model) {
        SignedInUser me = me();
        model.addAttribute("form", form);
        model.addAttribute("doc", d);
        List<DocumentType> mine =
                types.all().stream().filter(t -> senderKind(me) == t.sender()).toList();
        model.addAttribute("types", mine);
        model.addAttribute(
                "typeInfo", d == null ? null : types.find(d.typeCode()).orElse(null));
        model.addAttribute("urgencies", Urgency.values());
        model.addAttribute("units", units.all());
        model.addAttribute(
                "groups", groups.all().stream().filter(g -> !g.isSystem()).toList());
        model.addAttribute("categories", UnitCategory.values());
        model.addAttribute("en", isEnglish());
        if (d != null) {
            addScope(d, model);
        }
        return "document/compose";
    }

    private DocumentType.SenderKind senderKind(SignedInUser me) {
        UnitRef unit = units.findByCode(me.unitCode()).orElse(null);
        if (unit != null && unit.category().isRegulator()) {
            return me.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR)
                    ? DocumentType.SenderKind.OFFICE
                    : DocumentType.SenderKind.DEPARTMENT;
        }
        return DocumentType.SenderKind.BANK;
    }

    private void addScope(DocumentView d, Model model) {
        try {
            ResolvedScope scope = composing.resolvedScope(me(), d.id());
            model.addAttribute("scope", scope);
            model.addAttribute("scopeError", scope.size() == 0 ? "document.empty-scope" : null);
        } catch (DocumentException e) {
            model.addAttribute("scope", null);
            model.addAttribute("scopeError", e.code());
            model.addAttribute("scopeDetail", e.getMessage());
        }
    }

    // ---- approval ------------------------------------------------------------------------------

    @GetMapping("/documents/{id}/review")
    String review(@PathVariable String id, Model model) {
        SignedInUser me = me();
        DocumentView d = composing.view(me, id);
        model.addAttribute("doc", d);
        model.addAttribute("typeInfo", types.find(d.typeCode()).orElse(null));
        model.addAttribute(
                "mayDecide",
                d.state() == DocumentState.PENDING_APPROVAL
                        && me.has(Role.DEPT_HEAD)
                        && !d.draftedBy().equals(me.username()));
        addPages(d, me, model);
        addScope(d, model);
        return "document/review";
    }

    @PostMapping("/documents/{id}/approve")
    String approve(@PathVariable String id, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            approving.approve(me(), id);
            redirect.addFlashAttribute("notice", "document.done.approved");
            return "redirect:/documents/approvals";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> review(id, model));
        }
    }

    @PostMapping("/documents/{id}/reject")
    String reject(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String reason,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            approving.reject(me(), id, reason);
            redirect.addFlashAttribute("notice", "document.done.rejected");
            return "redirect:/documents/approvals";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> review(id, model));
        }
    }

    // ---- seal, preview, send ------------------------------------------------------------------

    @GetMapping("/documents/{id}/seal")
    String sealForm(
            @PathVariable String id,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Double x,
            @RequestParam(required = false) Double y,
            Model model) {
        SignedInUser me = me();
        DocumentView d = composing.view(me, id);
        model.addAttribute("doc", d);
        model.addAttribute("typeInfo", types.find(d.typeCode()).orElse(null));
        List<SealView> mine = seals.list(me).stream()
                .filter(s -> s.custodian().equals(me.username())
                        && s.state() == SealState.ACTIVE
                        && "SERVER".equals(s.holding())
                        && s.unitCode().equals(me.unitCode()))
                .toList();
        model.addAttribute("mySeals", mine);
        if (d.bodyBlob() != null) {
            PageImages.Layout layout = pages.layout(sealing.preview(me, id).content());
            model.addAttribute("pageCount", layout.pages());
            model.addAttribute("sealPage", page != null ? page : layout.pages());
            model.addAttribute("sealX", x != null ? x : layout.defaultX());
            model.addAttribute("sealY", y != null ? y : layout.defaultY());
        }
        return "document/seal";
    }

    @PostMapping("/documents/{id}/seal")
    String seal(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String sealId,
            @RequestParam(defaultValue = "") String pin,
            @RequestParam(defaultValue = "1") int page,
            @RequestParam(defaultValue = "0") double x,
            @RequestParam(defaultValue = "0") double y,
            Model model,
            HttpServletResponse response) {
        char[] p = pin.isEmpty() ? null : pin.toCharArray();
        try {
            sealing.seal(me(), id, new SealingDocuments.SealCommand(sealId, p, page, x, y));
            return "redirect:/documents/" + id + "/send?sealed";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> sealForm(id, page, x, y, model));
        } finally {
            if (p != null) {
                Arrays.fill(p, '\0');
            }
        }
    }

    @PostMapping("/documents/{id}/signer")
    String signer(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String signer,
            Model model,
            HttpServletResponse response) {
        try {
            composing.update(
                    me(),
                    id,
                    new org.sealpost.server.document.DraftCommand(
                            null, null, null, null, signer, null, null, null, null, null, null, null, null));
            return "redirect:/documents/" + id + "/seal";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> sealForm(id, null, null, null, model));
        }
    }

    @GetMapping("/documents/{id}/send")
    String sendForm(@PathVariable String id, Model model) {
        SignedInUser me = me();
        DocumentView d = composing.view(me, id);
        if (d.state() == DocumentState.SENT) {
            return "redirect:/documents/" + id + "/tracking";
        }
        DocumentType type = types.find(d.typeCode()).orElseThrow();
        model.addAttribute("doc", d);
        model.addAttribute("typeInfo", type);
        model.addAttribute("needsSeal", type.sealRequired() && d.sealedBlob() == null);
        model.addAttribute(
                "needsApproval",
                type.approval() == DocumentType.Approval.DEPARTMENT_HEAD
                        && d.state() != DocumentState.APPROVED
                        && d.state() != DocumentState.SEALED);
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        addPages(d, me, model);
        addScope(d, model);
        return "document/send";
    }

    @PostMapping("/documents/{id}/send")
    String send(
            @PathVariable String id,
            @RequestParam(defaultValue = "false") boolean confirm,
            @RequestParam(defaultValue = "") String idempotencyKey,
            @RequestParam(defaultValue = "") String pin,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            composing.view(me(), id); // another unit's document or none: 404 before anything else
            SendingDocuments.SendResult result = sending.send(
                    me(),
                    new SendingDocuments.SendCommand(
                            id,
                            confirm,
                            idempotencyKey.isBlank() ? null : idempotencyKey,
                            pin.isEmpty() ? null : pin.toCharArray()));
            redirect.addFlashAttribute("notice", "document.done.sent");
            redirect.addFlashAttribute("sentCount", result.deliveries());
            return "redirect:/documents/" + id + "/tracking";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> sendForm(id, model));
        }
    }

    /** A page of the body as recipients will see it (sealed where sealed), watermarked for the viewer. */
    @GetMapping("/documents/{id}/pages/{page}")
    ResponseEntity<byte[]> page(
            @PathVariable String id,
            @PathVariable int page,
            @RequestParam(required = false) Double markX,
            @RequestParam(required = false) Double markY) {
        SignedInUser me = me();
        // the page that shows these images audited the preview (once); images do not add a row each
        byte[] content = sealing.previewContent(me, id).content();
        String unitName = units.findByCode(me.unitCode()).map(UnitRef::name).orElse(me.unitCode());
        byte[] png;
        try {
            png = pages.png(content, page, unitName, me.username(), markX, markY);
        } catch (RenderException e) {
            throw new ResponseStatusException(
                    e.problem() == RenderException.Problem.NO_SUCH_PAGE
                            ? HttpStatus.NOT_FOUND
                            : HttpStatus.UNPROCESSABLE_CONTENT,
                    e.getMessage());
        }
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_PNG)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(png);
    }

    private void addPages(DocumentView d, SignedInUser me, Model model) {
        if (d.bodyBlob() == null) {
            model.addAttribute("pageNumbers", List.of());
            return;
        }
        int count = pages.layout(sealing.preview(me, d.id()).content()).pages();
        List<Integer> numbers = new ArrayList<>();
        for (int i = 1; i <= Math.min(count, 50); i++) {
            numbers.add(i);
        }
        model.addAttribute("pageNumbers", numbers);
    }

    // ---- tracking ------------------------------------------------------------------------------

    static final List<String> DELIVERY_STATES =
            List.of("DELIVERED", "SIGNED", "RETURNED", "RECALLED", "VOIDED", "DESTROYED");

    @GetMapping("/documents/{id}/tracking")
    String trackingPage(@PathVariable String id, @RequestParam(defaultValue = "") String state, Model model) {
        SignedInUser me = me();
        DocumentView d = composing.view(me, id);
        model.addAttribute("doc", d);
        model.addAttribute("typeInfo", types.find(d.typeCode()).orElse(null));
        model.addAttribute("states", DELIVERY_STATES);
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        addRows(id, state, model);
        return "document/tracking";
    }

    @GetMapping("/documents/{id}/tracking/rows")
    String trackingRows(@PathVariable String id, @RequestParam(defaultValue = "") String state, Model model) {
        addRows(id, state, model);
        return "document/fragments :: rows";
    }

    private void addRows(String id, String state, Model model) {
        String filter = DELIVERY_STATES.contains(state) || "OVERDUE".equals(state) ? state : "";
        List<TrackingDocuments.DeliveryStatus> rows =
                tracking.deliveries(me(), id, "OVERDUE".equals(filter) ? null : filter);
        if ("OVERDUE".equals(filter)) {
            rows = rows.stream()
                    .filter(TrackingDocuments.DeliveryStatus::overdue)
                    .toList();
        }
        model.addAttribute("rows", rows);
        model.addAttribute("state", filter);
        model.addAttribute("docId", id);
        model.addAttribute(
                "anySigned", tracking.deliveries(me(), id, null).stream().anyMatch(r -> r.signedAt() != null));
    }

    @PostMapping("/documents/{id}/remind")
    String remind(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String unit,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            List<String> reminded = tracking.remind(me(), id, unit.isBlank() ? null : List.of(unit));
            redirect.addFlashAttribute("notice", "document.done.reminded");
            redirect.addFlashAttribute("reminded", String.join(", ", reminded));
            return "redirect:/documents/" + id + "/tracking";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> trackingPage(id, "", model));
        }
    }

    @PostMapping("/documents/{id}/recall")
    String recall(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String pin,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            recalling.recall(
                    me(), new RecallingDocuments.CloseCommand(id, reason, pin.isEmpty() ? null : pin.toCharArray()));
            redirect.addFlashAttribute("notice", "document.done.recalled");
            return "redirect:/documents/" + id + "/tracking";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> trackingPage(id, "", model));
        }
    }

    @PostMapping("/documents/{id}/void")
    String voidDocument(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String pin,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            recalling.voidDocument(
                    me(), new RecallingDocuments.CloseCommand(id, reason, pin.isEmpty() ? null : pin.toCharArray()));
            redirect.addFlashAttribute("notice", "document.done.voided");
            return "redirect:/documents/" + id + "/tracking";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> trackingPage(id, "", model));
        }
    }

    @PostMapping("/documents/{id}/supplement")
    String supplement(
            @PathVariable String id,
            @RequestParam(defaultValue = "") List<String> to,
            @RequestParam(defaultValue = "false") boolean confirm,
            @RequestParam(defaultValue = "") String idempotencyKey,
            @RequestParam(defaultValue = "") String pin,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            List<String> refs = to.stream()
                    .flatMap(t -> Arrays.stream(t.split("[,，\\s]+")))
                    .filter(s -> !s.isBlank())
                    .toList();
            if (refs.isEmpty()) {
                throw new DocumentException(400, "document.empty-scope", "Name at least one unit.");
            }
            SendingDocuments.SendResult r = sending.supplement(
                    me(),
                    new SendingDocuments.SupplementCommand(
                            id, refs, List.of(), confirm, idempotencyKey, pin.isEmpty() ? null : pin.toCharArray()));
            redirect.addFlashAttribute("notice", "document.done.supplemented");
            redirect.addFlashAttribute("sentCount", r.deliveries());
            return "redirect:/documents/" + id + "/tracking";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> trackingPage(id, "", model));
        }
    }

    // ---- refusals ------------------------------------------------------------------------------

    /**
     * Shows a refusal on the page it came from: the status, a localized headline for the code and
     * the service's own detail (what was found and where). A 404 (another unit's document) is the
     * plain error page: nothing of the document is shown.
     */
    private String refuse(
            DocumentException e, HttpServletResponse response, Model model, java.util.function.Supplier<String> page) {
        response.setStatus(e.status());
        model.addAttribute("errorCode", e.code());
        model.addAttribute("errorDetail", e.getMessage());
        if (e.status() == 404) {
            return "document/error";
        }
        try {
            return page.get();
        } catch (DocumentException again) {
            return "document/error";
        }
    }

    @ExceptionHandler(DocumentException.class)
    String refused(DocumentException e, Model model, HttpServletResponse response) {
        response.setStatus(e.status());
        model.addAttribute("errorCode", e.code());
        model.addAttribute("errorDetail", e.getMessage());
        return "document/error";
    }

    private static boolean isEnglish() {
        Locale l = LocaleContextHolder.getLocale();
        return l != null && "en".equals(l.getLanguage());
    }

    static SignedInUser me() {
        return SignedInUser.current().orElseThrow(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED));
    }
}
