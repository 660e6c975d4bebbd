package org.sealpost.server.unit.web;

import java.util.List;
import java.util.Locale;
import org.sealpost.server.unit.UnitCategory;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.sealpost.server.unit.UpdatingRoster;
import org.sealpost.server.unit.ViewingRoster;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Units list, a unit's roster and contacts, its change log, the confirmation, the overdue list. */
@Controller
@PreAuthorize("isAuthenticated()")
class UnitsController {

    private final UnitDirectory units;
    private final ViewingRoster viewing;
    private final UpdatingRoster updating;

    UnitsController(UnitDirectory units, ViewingRoster viewing, UpdatingRoster updating) {
        this.units = units;
        this.viewing = viewing;
        this.updating = updating;
    }

    @GetMapping("/units")
    String list(
            @RequestParam(required = false) UnitCategory category,
            @RequestParam(required = false, defaultValue = "") String q,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            Model model) {
        String needle = q.strip().toLowerCase(Locale.ROOT);
        List<UnitRef> found = units.all().stream()
                .filter(u -> category == null || u.category() == category)
                .filter(u -> needle.isEmpty()
                        || u.code().toLowerCase(Locale.ROOT).contains(needle)
                        || u.name().toLowerCase(Locale.ROOT).contains(needle))
                .toList();
        model.addAttribute("units", found);
        model.addAttribute("categories", UnitCategory.values());
        model.addAttribute("category", category);
        model.addAttribute("q", q);
        return htmx != null ? "unit/list :: rows" : "unit/list";
    }

    @GetMapping("/units/{code}")
    String detail(@PathVariable String code, Model model) {
        model.addAttribute("roster", viewing.view(code, UnitWebSupport.user()));
        return "unit/detail";
    }

    @GetMapping("/units/{code}/changes")
    String changes(@PathVariable String code, Model model) {
        var user = UnitWebSupport.user();
        model.addAttribute("changes", viewing.changes(code, user));
        model.addAttribute("roster", viewing.view(code, user));
        return "unit/changes";
    }

    @PostMapping("/units/{code}/roster/confirm")
    String confirm(@PathVariable String code, RedirectAttributes redirect) {
        updating.confirm(new UpdatingRoster.ConfirmRoster(code, UnitWebSupport.user()));
        redirect.addFlashAttribute("notice", "unit.confirm.done");
        return "redirect:/units/" + code;
    }

    @GetMapping("/roster/stale")
    @PreAuthorize("hasAnyRole('OFFICE_STAFF', 'OFFICE_DIRECTOR')")
    String stale(Model model) {
        model.addAttribute("stale", viewing.stale());
        model.addAttribute("days", viewing.staleAfter().toDays());
        return "unit/stale";
    }
}
