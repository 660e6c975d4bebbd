package org.sealpost.server.audit.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.sealpost.core.audit.AuditChain;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.audit.AuditLog.AuditPage;
import org.sealpost.server.audit.AuditLog.AuditQuery;
import org.sealpost.server.audit.VerifyingAuditChain;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The auditor's read-only view of the audit log (审计员 only: 三权分立, SECURITY.md C05): filters,
 * pages, and a check of the hash chain and its signed checkpoints naming the first broken entry.
 */
@Controller
@PreAuthorize("hasRole('AUDITOR')")
class AuditController {

    static final int PAGE_SIZE = 50;

    private final AuditLog auditLog;
    private final VerifyingAuditChain verifying;
    private final ZoneId zone;

    AuditController(AuditLog auditLog, VerifyingAuditChain verifying, Clock clock) {
        this.auditLog = auditLog;
        this.verifying = verifying;
        this.zone = clock.getZone();
    }

    /** The filter form; dates are whole days in the server's zone, {@code to} inclusive. */
    record Filter(
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            String actor,
            String unit,
            String type,
            Boolean success) {}

    @GetMapping("/audit")
    String events(@ModelAttribute("filter") Filter filter, @RequestParam(defaultValue = "0") int page, Model model) {
        page(filter, page, model);
        return "audit/events";
    }

    @PostMapping("/audit/verify")
    String verify(@ModelAttribute("filter") Filter filter, Model model) {
        SignedInUser auditor =
                SignedInUser.current().orElseThrow(() -> new AccessDeniedException("not a SealPost account"));
        AuditChain.Result result = verifying.verify(auditor);
        model.addAttribute("verification", result);
        page(filter, 0, model);
        return "audit/events";
    }

    private void page(Filter filter, int page, Model model) {
        Instant from =
                filter.from() == null ? null : filter.from().atStartOfDay(zone).toInstant();
        Instant to = filter.to() == null
                ? null
                : filter.to().plusDays(1).atStartOfDay(zone).toInstant();
        AuditPage events = auditLog.search(
                new AuditQuery(from, to, filter.actor(), filter.unit(), filter.type(), filter.success()),
                Math.max(0, page),
                PAGE_SIZE);
        model.addAttribute("events", events);
        model.addAttribute(
                "fmt", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss XXX").withZone(zone));
    }
}
