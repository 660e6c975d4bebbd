package org.sealpost.server.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds a sign-in to its pending steps (every page redirects to the step's page) and ends a
 * session past its absolute lifetime however active it was (SECURITY.md A04). Inactivity is
 * handled by the session store's timeout.
 */
final class SignInStepsFilter extends OncePerRequestFilter {

    private final SecurityPolicyProperties props;
    private final Clock clock;

    SignInStepsFilter(SecurityPolicyProperties props, Clock clock) {
        this.props = props;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<SignInToken> token = SigningIn.current();
        if (token.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        if (token.get().signedInAt().plus(props.sessionAbsoluteLifetime()).isBefore(clock.instant())) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
            response.sendRedirect(request.getContextPath() + "/login?expired");
            return;
        }
        Optional<PendingStep> step = token.get().nextStep();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (step.isPresent() && !allowedDuring(step.get(), path)) {
            response.sendRedirect(request.getContextPath() + step.get().path());
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean allowedDuring(PendingStep step, String path) {
        return path.equals(step.path())
                || path.startsWith(step.path() + "/")
                || path.equals("/logout")
                || path.equals("/error")
                || path.startsWith("/webjars/")
                || path.startsWith("/css/")
                || path.startsWith("/js/")
                || path.equals("/favicon.ico");
    }
}
