package org.sealpost.server.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} on the stateless API chain. No session is
 * created; a missing or bad token leaves the request anonymous, which the chain answers with 401.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final java.time.Clock clock;

    private final AntiAutomation limits;

    BearerTokenFilter(ApiTokens tokens, java.time.Clock clock, AntiAutomation limits) {
        this.tokens = tokens;
        this.clock = clock;
        this.limits = limits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String presented = header.substring(7).strip();
            // per token (R08), counted before the lookup so that guessing costs the same
            var wait = limits.apiCall(presented);
            if (wait.isPresent()) {
                AntiAutomation.tooManyRequests(response, wait.get(), true);
                return;
            }
            tokens.authenticate(presented).ifPresent(user -> {
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new SignInToken(user, EnumSet.noneOf(PendingStep.class), clock.instant()));
                SecurityContextHolder.setContext(context);
            });
        }
        chain.doFilter(request, response);
    }
}
