package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * SECURITY.md A08: every route of every controller is either on the public allowlist or refuses
 * an anonymous request (401 for the API, a redirect to the sign-in page for the UI).
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class RouteInventoryIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyRouteIsPublicOnPurposeOrRefusesAnonymousRequests() throws Exception {
        AntPathMatcher matcher = new AntPathMatcher();
        List<String> checked = new ArrayList<>();
        for (var info : mappings.getHandlerMethods().keySet()) {
            var methods = info.getMethodsCondition().getMethods().isEmpty()
                    ? java.util.Set.of(RequestMethod.GET)
                    : info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                String path = pattern.replaceAll("\\{[^}]+}", "1").replace("/**", "/x");
                boolean isPublic = SecurityConfig.PUBLIC_PATHS.stream().anyMatch(p -> matcher.match(p, path));
                for (RequestMethod method : methods) {
                    MockHttpServletResponse r = mvc.perform(request(HttpMethod.valueOf(method.name()), path)
                                    .with(csrf()))
                            .andReturn()
                            .getResponse();
                    checked.add(method + " " + path + " -> " + r.getStatus());
                    if (isPublic) {
                        continue;
                    }
                    boolean refused = r.getStatus() == 401
                            || (r.getStatus() == 302 && r.getRedirectedUrl().endsWith("/login"));
                    assertThat(refused)
                            .as("%s %s answered %s anonymously", method, path, r.getStatus())
                            .isTrue();
                }
            }
        }
        assertThat(checked).hasSizeGreaterThan(20);
        // public on purpose: the system CA certificate and its CRL (anyone verifying a seal needs them)
        assertThat(checked).contains("GET /api/v1/pki/ca -> 200", "GET /api/v1/pki/crl -> 200");
        assertThat(mvc.perform(request(HttpMethod.GET, "/actuator/prometheus"))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(401);
        MockHttpServletResponse health = mvc.perform(request(HttpMethod.GET, "/actuator/health"))
                .andReturn()
                .getResponse();
        assertThat(health.getStatus()).isEqualTo(200);
        assertThat(health.getContentAsString())
                .contains("\"status\":\"UP\"")
                .doesNotContain("components")
                .doesNotContain("details");
    }
}
