package org.sealpost.server.document.web;

import static org.sealpost.server.document.web.DocumentWebSupport.me;
import static org.sealpost.server.document.web.DocumentWebSupport.pinOrNone;
import static org.sealpost.server.document.web.DocumentWebSupport.refuse;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.document.ComposingDocuments;
import org.sealpost.server.document.DocumentException;
import org.sealpost.server.document.DocumentView;
import org.sealpost.server.document.RecallingDocuments;
import org.sealpost.server.document.RecallingDocuments.CloseCommand;
import org.sealpost.server.document.SendingDocuments;
import org.sealpost.server.document.TrackingDocuments;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Tracking a sent document (issue 5): its deliveries by state (the rows polled by htmx), 催办,
 * recall and void with a signed statement, and 补发 to further units.
 */
@Controller
class TrackingController {

    private final ComposingDocuments composing;
    private final TrackingDocuments tracking;
    private final RecallingDocuments recalling;
    private final SendingDocuments sending;
    private final DocumentModel documents;

    TrackingController(
            ComposingDocuments composing,
            TrackingDocuments tracking,
            RecallingDocuments recalling,
            SendingDocuments sending,
            DocumentModel documents) {
        this.composing = composing;
        this.tracking = tracking;
        this.recalling = recalling;
        this.sending = sending;
        this.documents = documents;
    }

    static final List<String> DELIVERY_STATES =
            List.of("DELIVERED", "SIGNED", "RETURNED", "RECALLED", "VOIDED", "DESTROYED");

    @GetMapping("/documents/{id}/tracking")
    String trackingPage(@PathVariable String id, @RequestParam(defaultValue = "") String state, Model model) {
        SignedInUser me = me();
        DocumentView d = composing.view(me, id);
        documents.addDocument(d, model);
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
        return close(
                recalling::recall,
                new CloseCommand(id, reason, pinOrNone(pin)),
                "document.done.recalled",
                model,
                response,
                redirect);
    }

    @PostMapping("/documents/{id}/void")
    String voidDocument(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String pin,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        return close(
                recalling::voidDocument,
                new CloseCommand(id, reason, pinOrNone(pin)),
                "document.done.voided",
                model,
                response,
                redirect);
    }

    /** Recall or void: back to tracking with the notice, or the tracking page with the refusal. */
    private String close(
            BiFunction<SignedInUser, CloseCommand, ?> closing,
            CloseCommand command,
            String notice,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            closing.apply(me(), command);
            redirect.addFlashAttribute("notice", notice);
            return "redirect:/documents/" + command.documentId() + "/tracking";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> trackingPage(command.documentId(), "", model));
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
                            id, refs, List.of(), confirm, idempotencyKey, pinOrNone(pin)));
            redirect.addFlashAttribute("notice", "document.done.supplemented");
            redirect.addFlashAttribute("sentCount", r.deliveries());
            return "redirect:/documents/" + id + "/tracking";
        } catch (DocumentException e) {
            return refuse(e, response, model, () -> trackingPage(id, "", model));
        }
    }
}
