package org.sealpost.server.audit.web;

import org.sealpost.server.audit.AuditLog;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The auditor's read-only view of recent events (审计员 only: 三权分立, SECURITY.md C05). */
@Controller
@PreAuthorize("hasRole('AUDITOR')")
class AuditController {

    private final AuditLog auditLog;

    AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping("/audit")
    String recent(Model model) {
        model.addAttribute("events", auditLog.recent(200));
        return "audit/events";
    }
}
