package org.sealpost.server.document.web;

import static org.sealpost.server.document.web.DocumentWebSupport.me;
import static org.sealpost.server.document.web.DocumentWebSupport.pinOrNone;
import static org.sealpost.server.document.web.DocumentWebSupport.refuse;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.sealpost.core.render.RenderException;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.document.ComposingDocuments;
import org.sealpost.server.document.DocumentException;
import org.sealpost.server.document.DocumentState;
import org.sealpost.server.document.DocumentType;
import org.sealpost.server.document.DocumentTypes;
import org.sealpost.server.document.DocumentView;
import org.sealpost.server.document.DraftCommand;
import org.sealpost.server.document.SealingDocuments;
import org.sealpost.server.document.SendingDocuments;
import org.sealpost.server.seal.SealRegister;
import org.sealpost.server.seal.SealState;
import org.sealpost.server.seal.SealView;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Sealing and sending (issue 5): seal placement on the body, the preview of exactly what
 * recipients see (page images watermarked for the viewer), and the send itself, with an explicit
 * confirmation and a one-time idempotency key. A refusal is shown on the page it came from.
 */
@Controller
class SendingController {

    private final ComposingDocuments composing;
    private final SealingDocuments sealing;
    private final SendingDocuments sending;
    private final DocumentTypes types;
    private final UnitDirectory units;
    private final SealRegister seals;
    private final PageImages pages;
    private final DocumentModel documents;

    SendingController(
            ComposingDocuments composing,
            SealingDocuments sealing,
            SendingDocuments sending,
            DocumentTypes types,
            UnitDirectory units,
            SealRegister seals,
            PageImages pages,
            DocumentModel documents) {
        this.composing = composing;
        this.sealing = sealing;
        this.sending = sending;
        this.types = types;
        this.units = units;
        this.seals = seals;
        this.pages = pages;
        this.documents = documents;
    }

    @GetMapping("/documents/{id}/seal")
    String sealForm(
            @PathVariable String id,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Double x,
            @RequestParam(required = false) Double y,
            Model model) {
        SignedInUser me = me();
        DocumentView d = composing.view(me, id);
        documents.addDocument(d, model);
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
        char[] p = pinOrNone(pin);
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
                    new DraftCommand(null, null, null, null, signer, null, null, null, null, null, null, null, null));
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
        documents.addPages(d, me, model);
        documents.addScope(d, model);
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
                            id, confirm, idempotencyKey.isBlank() ? null : idempotencyKey, pinOrNone(pin)));
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
}
