package org.sealpost.server.checkin.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.checkin.CheckIns;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Counts opening the home page or the inbox as a check-in: a GET of {@code /}, {@code /inbox} or
 * the inbox API ({@code GET /api/v1/inbox}, what {@code sealpost inbox} calls). htmx partial
 * requests (live updates, polling) are not visits and are not counted.
 */
@Configuration(proxyBeanMethods = false)
class CheckInRecording implements WebMvcConfigurer {

    static final String[] VISITS = {"/", "/inbox", "/api/v1/inbox"};

    private final CheckIns checkIns;

    CheckInRecording(CheckIns checkIns) {
        this.checkIns = checkIns;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
                    @Override
                    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                        if ("GET".equals(request.getMethod()) && request.getHeader("HX-Request") == null) {
                            SignedInUser.current().ifPresent(checkIns::record);
                        }
                        return true;
                    }
                })
                .addPathPatterns(VISITS);
    }
}
