package org.sealpost.server.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Servlet filters in front of Spring Security: the client address (P03), hardened paths (P02) and
 * the sign-in rate limits (R08); and, inside both security chains, the admin address allowlist
 * (P03) and fail-closed authorization (C06).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({NetworkProperties.class, RateLimitProperties.class})
class NetworkFilters {

    private static final Logger log = LoggerFactory.getLogger(NetworkFilters.class);

    static final String AUTHORIZED = NetworkFilters.class.getName() + ".AUTHORIZED";
    private static final Set<String> ADMIN_ROLES = Set.of("ROLE_SYSTEM_ADMIN", "ROLE_SECURITY_ADMIN", "ROLE_AUDITOR");

    @Bean
    ClientAddresses clientAddresses(NetworkProperties props) {
        return new ClientAddresses(props);
    }

    @Bean
    AntiAutomation antiAutomation(RateLimitProperties props, Clock clock) {
        return new AntiAutomation(props, new RateLimiter(clock));
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> clientAddressFilter(ClientAddresses addresses) {
        var bean = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                    throws ServletException, IOException {
                String client = addresses.clientOf(req);
                chain.doFilter(client.equals(req.getRemoteAddr()) ? req : new ClientAddressRequest(req, client), res);
            }
        });
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        bean.setName("clientAddressFilter");
        return bean;
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> hardenedPathsFilter() {
        var bean = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                    throws ServletException, IOException {
                if ("TRACE".equals(req.getMethod()) || "TRACK".equals(req.getMethod())) {
                    res.setStatus(405);
                    res.setHeader("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
                    return;
                }
                if (hiddenPath(
                        req.getRequestURI().substring(req.getContextPath().length()))) {
                    res.setStatus(404);
                    return;
                }
                chain.doFilter(req, res);
            }
        });
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
        bean.setName("hardenedPathsFilter");
        return bean;
    }

    /**
     * Development consoles and actuator endpoints other than health and prometheus are never
     * served (SECURITY.md P02), whatever a property or a new dependency switches on.
     */
    static boolean hiddenPath(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.startsWith("/h2-console") || p.startsWith("/swagger-ui") || p.startsWith("/swagger-resources")) {
            return true;
        }
        if (p.equals("/actuator") || p.equals("/actuator/")) {
            return true;
        }
        if (p.startsWith("/actuator/")) {
            return !(p.equals("/actuator/health")
                    || p.startsWith("/actuator/health/")
                    || p.equals("/actuator/prometheus"));
        }
        return false;
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> signInRateLimitFilter(AntiAutomation limits) {
        var bean = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                    throws ServletException, IOException {
                if ("POST".equals(req.getMethod())) {
                    String path =
                            req.getRequestURI().substring(req.getContextPath().length());
                    Optional<Duration> wait = Optional.empty();
                    if (path.equals("/login")) {
                        wait = limits.signIn(req.getRemoteAddr(), req.getParameter("username"));
                    } else if (path.equals("/api/v1/sign-in")) {
                        // per account in SignInApi, once the body is read
                        wait = limits.signInFrom(req.getRemoteAddr());
                    }
                    if (wait.isPresent()) {
                        AntiAutomation.tooManyRequests(res, wait.get(), path.startsWith("/api/"));
                        return;
                    }
                }
                chain.doFilter(req, res);
            }
        });
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        bean.setName("signInRateLimitFilter");
        return bean;
    }

    /** Inside a chain, right after the AuthorizationFilter: the request was authorized. */
    static OncePerRequestFilter adminNetwork(ClientAddresses addresses, boolean api) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                    throws ServletException, IOException {
                req.setAttribute(AUTHORIZED, Boolean.TRUE);
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                if (auth != null && holdsAdminRole(auth) && !addresses.adminAllowed(req.getRemoteAddr())) {
                    log.warn(
                            "Administrator {} refused from address {} (sealpost.security.network.admin-allowed)",
                            auth.getName(),
                            req.getRemoteAddr());
                    if (api) {
                        SecurityConfig.problem(
                                res,
                                403,
                                "Forbidden",
                                "address-not-allowed",
                                "Administration is not allowed from this network address.");
                    } else {
                        res.sendError(403);
                    }
                    return;
                }
                chain.doFilter(req, res);
            }
        };
    }

    private static boolean holdsAdminRole(Authentication auth) {
        for (GrantedAuthority a : auth.getAuthorities()) {
            if (ADMIN_ROLES.contains(a.getAuthority())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Inside a chain, right before the AuthorizationFilter (C06): if deciding access throws, the
     * request is denied (403 through the chain's access-denied handler), never let through or
     * turned into a 500. Exceptions after the decision (from the controller) pass unchanged.
     */
    static OncePerRequestFilter failClosed() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                    throws ServletException, IOException {
                try {
                    chain.doFilter(req, res);
                } catch (RuntimeException e) {
                    if (req.getAttribute(AUTHORIZED) != null || e instanceof AccessDeniedException) {
                        throw e;
                    }
                    if (e instanceof org.springframework.security.core.AuthenticationException) {
                        throw e;
                    }
                    log.error("Access decision for {} {} failed; denied", req.getMethod(), req.getRequestURI(), e);
                    throw new AccessDeniedException("access decision failed", e);
                }
            }
        };
    }

    private static final class ClientAddressRequest extends HttpServletRequestWrapper {
        private final String client;

        ClientAddressRequest(HttpServletRequest request, String client) {
            super(request);
            this.client = client;
        }

        @Override
        public String getRemoteAddr() {
            return client;
        }

        @Override
        public String getRemoteHost() {
            return client;
        }
    }
}
