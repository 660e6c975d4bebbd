package org.sealpost.server.document.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.document.DocumentException;
import org.sealpost.server.document.InformationRequests;
import org.sealpost.server.unit.UnitCategory;
import org.sealpost.server.unit.UnitDirectory;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 调研 / 信息报送 pages (第十一条): a department opens a request (units asked, deadline) and sees
 * the answers that arrived; a bank answers a request that asks it by composing a reply linked to it.
 */
@Controller
class InformationRequestController {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** An answer a bank sent to the request: the requesting department's view of it. */
    private final InformationRequests requests;

    private final UnitDirectory units;

    InformationRequestController(InformationRequests requests, UnitDirectory units) {
        this.requests = requests;
        this.units = units;
    }

    @GetMapping("/requests")
    String list(Model model) {
        SignedInUser me = DocumentWebSupport.me();
        model.addAttribute("requests", requests.visibleTo(me));
        model.addAttribute("mayOpen", mayOpen(me));
        model.addAttribute(
                "units",
                units.all().stream().filter(u -> !u.category().isRegulator()).toList());
        return "document/requests";
    }

    @PostMapping("/requests")
    String open(
            @RequestParam(defaultValue = "SURVEY") String kind,
            @RequestParam(defaultValue = "") String title,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime deadline,
            @RequestParam(defaultValue = "") List<String> units,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            List<String> refs = units.stream()
                    .flatMap(t -> Arrays.stream(t.split("[,，\\s]+")))
                    .filter(s -> !s.isBlank())
                    .toList();
            InformationRequests.Request r = requests.open(
                    DocumentWebSupport.me(),
                    new InformationRequests.OpenRequest(
                            kind,
                            title,
                            deadline == null ? null : deadline.atZone(CHINA).toInstant(),
                            refs));
            redirect.addFlashAttribute("notice", "document.done.request-opened");
            return "redirect:/requests/" + r.id();
        } catch (DocumentException e) {
            response.setStatus(e.status());
            model.addAttribute("errorCode", e.code());
            model.addAttribute("errorDetail", e.getMessage());
            model.addAttribute("title", title);
            return list(model);
        }
    }

    @GetMapping("/requests/{id}")
    String view(@PathVariable long id, Model model) {
        SignedInUser me = DocumentWebSupport.me();
        InformationRequests.Request r = requests.view(me, id);
        model.addAttribute("request", r);
        boolean mine = r.unitCode().equals(me.unitCode());
        model.addAttribute("mine", mine);
        model.addAttribute("asked", r.units().contains(me.unitCode()));
        model.addAttribute(
                "unitNames",
                r.units().stream()
                        .map(c -> units.findByCode(c).map(u -> u.name()).orElse(c))
                        .toList());
        if (mine) {
            model.addAttribute("answers", requests.answers(me, id));
        }
        return "document/request";
    }

    private boolean mayOpen(SignedInUser me) {
        return units.findByCode(me.unitCode())
                        .map(u -> u.category() == UnitCategory.REGULATOR_DEPT)
                        .orElse(false)
                && me.hasAny(org.sealpost.server.access.Role.DEPT_STAFF, org.sealpost.server.access.Role.DEPT_HEAD);
    }
}
