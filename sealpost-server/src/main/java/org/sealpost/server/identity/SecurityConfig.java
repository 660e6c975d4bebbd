package org.sealpost.server.identity;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.sealpost.server.access.Role;
import org.sealpost.server.audit.AuditLog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * Deny by default. The form sign-in uses {@link PasswordSignIn}, the only authentication
 * provider bean (registered once, globally: adding it to the chain too would run it twice). Two filter chains: the stateless API (bearer tokens, no session, no CSRF,
 * 401/403 as problem details) and the browser UI (form sign-in, Spring Session in the database,
 * CSRF, concurrent-session limit, sign-in steps, absolute session lifetime). Both send the same
 * strict headers (SECURITY.md V03).
 */
@Configuration
@EnableMethodSecurity
class SecurityConfig {

    /** Everything reachable without signing in (SECURITY.md A08): nothing else is. */
    static final List<String> PUBLIC_PATHS = List.of(
            "/login",
            "/actuator/health",
            "/webjars/**",
            "/css/**",
            "/js/**",
            "/favicon.ico",
            "/error",
            "/api/v1/pki/ca",
            "/api/v1/pki/crl",
            "/api/v1/sign-in");

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static final String[] STEP_PAGES = {"/login/totp", "/password/change", "/totp/enrol", "/totp/enrol/**"};

    @Bean
    @Order(1)
    SecurityFilterChain api(
            HttpSecurity http,
            ApiTokens tokens,
            Clock clock,
            AuditLog audit,
            AntiAutomation limits,
            ClientAddresses addresses)
            throws Exception {
        // the OpenAPI description is served to signed-in API clients only (P02), never publicly
        http.securityMatcher("/api/**", "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**")
                .authorizeHttpRequests(auth -> auth.requestMatchers("/actuator/prometheus")
                        .hasRole(Role.SYSTEM_ADMIN.name())
                        .requestMatchers(PUBLIC_PATHS.stream()
                                .filter(p -> p.startsWith("/api/"))
                                .toArray(String[]::new))
                        .permitAll()
                        .anyRequest()
                        .hasAnyRole(allRoles()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new BearerTokenFilter(tokens, clock, limits), AuthorizationFilter.class)
                .addFilterBefore(new AuditingDenials(audit), ExceptionTranslationFilter.class)
                .addFilterBefore(NetworkFilters.failClosed(), AuthorizationFilter.class)
                .addFilterAfter(NetworkFilters.adminNetwork(addresses, true), AuthorizationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint((req, res, ex) ->
                                problem(res, 401, "Unauthorized", "unauthenticated", "A valid API token is required."))
                        .accessDeniedHandler((req, res, ex) ->
                                problem(res, 403, "Forbidden", "not-permitted", "Your roles do not allow this.")))
                .headers(SecurityConfig::strictHeaders);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain web(
            HttpSecurity http,
            SpringSessionBackedSessionRegistry<? extends Session> sessionRegistry,
            SecurityPolicyProperties props,
            CookieSerializer cookies,
            Clock clock,
            AuditLog audit,
            ClientAddresses addresses)
            throws Exception {
        http.authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD)
                        .permitAll()
                        .requestMatchers(PUBLIC_PATHS.toArray(String[]::new))
                        .permitAll()
                        .requestMatchers(STEP_PAGES)
                        .authenticated()
                        .requestMatchers("/identity/totp-policy", "/identity/totp-policy/**")
                        .hasRole(Role.SECURITY_ADMIN.name())
                        .requestMatchers("/identity/people", "/identity/people/**")
                        .hasAnyRole(Role.SYSTEM_ADMIN.name(), Role.SECURITY_ADMIN.name(), Role.UNIT_ADMIN.name())
                        .requestMatchers("/audit", "/audit/**")
                        .hasRole(Role.AUDITOR.name())
                        .anyRequest()
                        .hasAnyRole(allRoles()))
                .formLogin(form -> form.loginPage("/login")
                        .loginProcessingUrl("/login")
                        .failureUrl("/login?error")
                        .defaultSuccessUrl("/", true))
                .logout(logout -> logout.logoutUrl("/logout")
                        .logoutSuccessUrl("/login?logout")
                        .invalidateHttpSession(true)
                        .clearAuthentication(true)
                        .deleteCookies(cookieName(props)))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId())
                        .sessionConcurrency(c -> c.maximumSessions(props.maxSessionsPerUser())
                                .sessionRegistry(sessionRegistry)
                                .expiredUrl("/login?expired")))
                .csrf(Customizer.withDefaults())
                .addFilterBefore(new SignInStepsFilter(props, clock), AuthorizationFilter.class)
                .addFilterBefore(new AuditingDenials(audit), ExceptionTranslationFilter.class)
                .addFilterBefore(NetworkFilters.failClosed(), AuthorizationFilter.class)
                .addFilterAfter(NetworkFilters.adminNetwork(addresses, false), AuthorizationFilter.class)
                .headers(SecurityConfig::strictHeaders);
        return http.build();
    }

    private static void strictHeaders(HeadersConfigurer<HttpSecurity> headers) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                .frameOptions(f -> f.deny())
                .httpStrictTransportSecurity(h -> h.includeSubDomains(true).maxAgeInSeconds(31_536_000));
    }

    private static String[] allRoles() {
        return java.util.Arrays.stream(Role.values()).map(Role::name).toArray(String[]::new);
    }

    static String cookieName(SecurityPolicyProperties props) {
        return props.secureCookies() ? "__Host-SESSION" : "SESSION";
    }

    /**
     * The session cookie (S02): HttpOnly, SameSite=Strict, Path=/. Over TLS ({@code
     * sealpost.security.secure-cookies=true}) it is {@code __Host-SESSION} with Secure; the
     * plain-HTTP demo cannot set Secure, and browsers refuse a {@code __Host-} cookie without it.
     */
    @Bean
    CookieSerializer cookieSerializer(SecurityPolicyProperties props) {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName(cookieName(props));
        cookie.setUseSecureCookie(props.secureCookies());
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Strict");
        cookie.setCookiePath("/");
        return cookie;
    }

    @Bean
    <S extends Session> SpringSessionBackedSessionRegistry<S> sessionRegistry(
            FindByIndexNameSessionRepository<S> sessions) {
        return new SpringSessionBackedSessionRegistry<>(sessions);
    }

    static void problem(HttpServletResponse res, int status, String title, String code, String detail)
            throws IOException {
        res.setStatus(status);
        res.setContentType("application/problem+json");
        res.setCharacterEncoding("UTF-8");
        res.getWriter()
                .write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                        + detail + "\",\"code\":\"" + code + "\"}");
    }
}
