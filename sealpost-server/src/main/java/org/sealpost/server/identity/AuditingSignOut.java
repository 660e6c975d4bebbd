package org.sealpost.server.identity;

import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/** Audits signing out (SECURITY.md L01: every sign-in has its end in the log), once per sign-out. */
@Component
class AuditingSignOut {

    private final AuditLog audit;

    AuditingSignOut(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void signedOut(LogoutSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof SignedInUser user) {
            String ip = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails d
                    ? d.getRemoteAddress()
                    : null;
            audit.record(new AuditEntry(
                    user.username(), user.unitCode(), "SIGN_OUT", true, ip, "account:" + user.username(), null));
        }
    }
}
