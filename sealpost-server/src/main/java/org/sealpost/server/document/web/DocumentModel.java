package org.sealpost.server.document.web;

import java.util.ArrayList;
import java.util.List;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.document.ComposingDocuments;
import org.sealpost.server.document.DocumentException;
import org.sealpost.server.document.DocumentTypes;
import org.sealpost.server.document.DocumentView;
import org.sealpost.server.document.ResolvedScope;
import org.sealpost.server.document.SealingDocuments;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** The parts several sending pages show of one document: its type, resolved scope and page numbers. */
@Component
class DocumentModel {

    private final ComposingDocuments composing;
    private final SealingDocuments sealing;
    private final DocumentTypes types;
    private final PageImages pages;

    DocumentModel(ComposingDocuments composing, SealingDocuments sealing, DocumentTypes types, PageImages pages) {
        this.composing = composing;
        this.sealing = sealing;
        this.types = types;
        this.pages = pages;
    }

    /** The document and its type's catalog entry (none for a type no longer in the catalog). */
    void addDocument(DocumentView d, Model model) {
        model.addAttribute("doc", d);
        model.addAttribute("typeInfo", types.find(d.typeCode()).orElse(null));
    }

    /** The resolved scope — count and names, or the reason it does not resolve. */
    void addScope(DocumentView d, Model model) {
        try {
            ResolvedScope scope = composing.resolvedScope(DocumentWebSupport.me(), d.id());
            model.addAttribute("scope", scope);
            model.addAttribute("scopeError", scope.size() == 0 ? "document.empty-scope" : null);
        } catch (DocumentException e) {
            model.addAttribute("scope", null);
            model.addAttribute("scopeError", e.code());
            model.addAttribute("scopeDetail", e.getMessage());
        }
    }

    /** The numbers of the body's pages to show as images (at most 50; none without a body). */
    void addPages(DocumentView d, SignedInUser me, Model model) {
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
}
