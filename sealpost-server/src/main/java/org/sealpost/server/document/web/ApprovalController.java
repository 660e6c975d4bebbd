package org.sealpost.server.document.web;

import static org.sealpost.server.document.web.DocumentWebSupport.me;
import static org.sealpost.server.document.web.DocumentWebSupport.refuse;

import jakarta.servlet.http.HttpServletResponse;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.document.ApprovingDocuments;
import org.sealpost.server.document.ComposingDocuments;
import org.sealpost.server.document.DocumentException;
import org.sealpost.server.document.DocumentState;
import org.sealpost.server.document.DocumentView;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 待审批 (issue 5): the department head's list of drafts awaiting approval, the review page with
 * the pages and resolved scope, and the decision. The drafter never sees their own draft here.
 */
@Controller
class ApprovalController {

    private final ComposingDocuments composing;
    private final ApprovingDocuments approving;
    private final DocumentModel documents;

    ApprovalController(ComposingDocuments composing, ApprovingDocuments approving, DocumentModel documents) {
        this.composing = composing;
        this.approving = approving;
        this.documents = documents;
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

    @GetMapping("/documents/{id}/review")
    String review(@PathVariable String id, Model model) {
        SignedInUser me = me();
        DocumentView d = composing.view(me, id);
        documents.addDocument(d, model);
        model.addAttribute(
                "mayDecide",
                d.state() == DocumentState.PENDING_APPROVAL
                        && me.has(Role.DEPT_HEAD)
                        && !d.draftedBy().equals(me.username()));
        documents.addPages(d, me, model);
        documents.addScope(d, model);
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
}
