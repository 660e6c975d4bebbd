package org.sealpost.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * An upload over {@code spring.servlet.multipart.max-file-size} / {@code max-request-size} must reach
 * its handler, which answers 413 stating the limit (problem+json on the API, the compose page on the
 * web). Tomcat fails every {@code getParameter} of such a request, and filters and interceptors
 * (the CSRF check, the {@code ?lang=} switch) read parameters before the handler; so a multipart
 * request whose parts cannot be read for their size is passed on with only its query-string
 * parameters, and reading its parts fails with the size error, which Spring turns into a
 * {@link org.springframework.web.multipart.MaxUploadSizeExceededException} at the handler
 * ({@code spring.servlet.multipart.resolve-lazily}). The CSRF token then has to come as a header
 * (document.js sends it so).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadLimitFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        if (type == null || !type.regionMatches(true, 0, "multipart/", 0, 10)) {
            chain.doFilter(request, response);
            return;
        }
        try {
            request.getParts();
        } catch (IllegalStateException | ServletException | IOException e) {
            if (tooLarge(e)) {
                chain.doFilter(new TooLarge(request, e), response);
                return;
            }
            // anything else is for the handler to report as before
        }
        chain.doFilter(request, response);
    }

    static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().endsWith("SizeLimitExceededException")) {
                return true;
            }
        }
        return false;
    }

    /** The request with only its query-string parameters; its parts fail with the size error. */
    private static final class TooLarge extends HttpServletRequestWrapper {

        private final Exception failure;
        private final Map<String, String[]> query;

        TooLarge(HttpServletRequest request, Exception failure) {
            super(request);
            this.failure = failure;
            Map<String, String[]> params = new LinkedHashMap<>();
            String q = request.getQueryString();
            if (q != null) {
                UriComponentsBuilder.fromUriString("?" + q)
                        .build()
                        .getQueryParams()
                        .forEach((k, v) -> params.put(
                                UriUtils.decode(k, StandardCharsets.UTF_8),
                                v.stream()
                                        .map(x -> x == null ? "" : UriUtils.decode(x, StandardCharsets.UTF_8))
                                        .toArray(String[]::new)));
            }
            this.query = Collections.unmodifiableMap(params);
        }

        @Override
        public String getParameter(String name) {
            String[] v = query.get(name);
            return v == null || v.length == 0 ? null : v[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return query;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(query.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            return query.get(name);
        }

        @Override
        public Collection<Part> getParts() {
            throw new IllegalStateException(failure.getMessage(), failure);
        }

        @Override
        public Part getPart(String name) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
    }
}
