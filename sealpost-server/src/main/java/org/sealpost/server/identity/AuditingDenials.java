package org.sealpost.server.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Audits every request of a signed-in user that ends in 403 (SECURITY.md L01: denials), once: a
 * URL the user's roles do not allow (refused by the security filter chain), and an {@link
 * org.springframework.security.access.AccessDeniedException} a use case threw and a handler turned
 * into 403. When the use case already audited its own refusal (its failure row, e.g. {@code
 * DOCUMENT_SENT} with success false), no second row is written ({@link AuditLog#recordedInRequest}).
 * Sits just before the ExceptionTranslationFilter, inside the chain, so the principal is still
 * known when the response is decided. Anonymous requests are sent to sign in, not denied.
 */
final class AuditingDenials extends OncePerRequestFilter {

    static final String ACCESS_DENIED = "ACCESS_DENIED";
    private static final Logger log = LoggerFactory.getLogger(AuditingDenials.class);

    private final AuditLog audit;

    AuditingDenials(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (response.getStatus() == HttpServletResponse.SC_FORBIDDEN && !AuditLog.recordedInRequest(request)) {
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                if (auth != null && auth.getPrincipal() instanceof SignedInUser user) {
                    try {
                        audit.record(new AuditEntry(
                                user.username(),
                                user.unitCode(),
                                ACCESS_DENIED,
                                false,
                                request.getRemoteAddr(),
                                request.getMethod() + " " + request.getRequestURI(),
                                null));
                    } catch (RuntimeException e) {
                        // the request is refused either way; the operator must learn the audit failed
                        log.error("access denial not audited: {}", e.toString());
                    }
                }
            }
        }
    }
}
