package org.sealpost.server.document.web;

import static org.sealpost.server.document.web.DocumentWebSupport.me;
import static org.sealpost.server.document.web.DocumentWebSupport.refuse;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.document.ApprovingDocuments;
import org.sealpost.server.document.ComposingDocuments;
import org.sealpost.server.document.DocumentException;
import org.sealpost.server.document.DocumentState;
import org.sealpost.server.document.DocumentType;
import org.sealpost.server.document.DocumentTypes;
import org.sealpost.server.document.DocumentView;
import org.sealpost.server.document.Urgency;
import org.sealpost.server.identity.DocumentUsage;
import org.sealpost.server.unit.DefiningRecipientGroups;
import org.sealpost.server.unit.UnitCategory;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.WebUtils;

/**
 * 拟稿 (issue 5): the unit's documents by stage, composing a draft (fields, scope, body with its
 * classification check, attachments) and submitting it for approval. Every rule is the
 * use-case services'; a refusal is shown on the compose page with its status and reason.
 */
@Controller
class DraftController {

    private final ComposingDocuments composing;
    private final ApprovingDocuments approving;
    private final DocumentTypes types;
    private final UnitDirectory units;
    private final DefiningRecipientGroups groups;
    private final DocumentUsage usage;
    private final DocumentModel documents;
    private final DataSize fileLimit;
    private final DataSize requestLimit;

    DraftController(
            ComposingDocuments composing,
            ApprovingDocuments approving,
            DocumentTypes types,
            UnitDirectory units,
            DefiningRecipientGroups groups,
            DocumentUsage usage,
            DocumentModel documents,
            @Value("${spring.servlet.multipart.max-file-size:1MB}") DataSize fileLimit,
            @Value("${spring.servlet.multipart.max-request-size:10MB}") DataSize requestLimit) {
        this.composing = composing;
        this.approving = approving;
        this.types = types;
        this.units = units;
        this.groups = groups;
        this.usage = usage;
        this.documents = documents;
        this.fileLimit = fileLimit;
        this.requestLimit = requestLimit;
    }

    @GetMapping("/documents")
    String list(Model model) {
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
        return compose(null, form, model);
    }

    @PostMapping("/documents")
    String create(@ModelAttribute("form") DraftForm form, Model model, HttpServletResponse response) {
        try {
            DocumentView d = composing.createDraft(me(), form.command());
            return "redirect:/documents/" + d.id() + "?saved";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> compose(null, form, model));
        }
    }

    @GetMapping("/documents/{id}")
    String open(@PathVariable String id, Model model) {
        DocumentView d = composing.view(me(), id);
        return switch (d.state()) {
            case DRAFT, REJECTED -> compose(d, DraftForm.of(d), model);
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
            return refuse(e, response, model, () -> compose(composing.view(me(), id), form, model));
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
        documents.addScope(d, model);
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
        return compose(d, DraftForm.of(d), model);
    }

    private String compose(DocumentView d, DraftForm form, Model model) {
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
        if (d != null) {
            documents.addScope(d, model);
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
}
