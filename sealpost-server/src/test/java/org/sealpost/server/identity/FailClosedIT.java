package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * SECURITY.md C06: when the access decision itself fails — here the roles of the signed-in
 * principal cannot be read (Mockito makes them throw, as a broken role store would) — the request
 * is denied with 403: neither let through (200) nor turned into a server error (500).
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class FailClosedIT {

    @Autowired
    MockMvc mvc;

    static Authentication brokenRoles() {
        Authentication auth = mock(Authentication.class);
        when(auth.isAuthenticated()).thenReturn(true);
        when(auth.getName()).thenReturn("broken");
        when(auth.getAuthorities()).thenThrow(new IllegalStateException("role store unavailable"));
        return auth;
    }

    @Test
    void apiRouteIsForbiddenWhenTheEvaluatorThrows() throws Exception {
        MockHttpServletResponse r = mvc.perform(get("/api/v1/me").with(authentication(brokenRoles())))
                .andReturn()
                .getResponse();
        assertThat(r.getStatus()).isEqualTo(403);
        assertThat(r.getContentAsString()).contains("\"code\":\"not-permitted\"");
    }

    @Test
    void adminApiRouteIsForbiddenWhenTheEvaluatorThrows() throws Exception {
        assertThat(mvc.perform(get("/api/v1/audit/events").with(authentication(brokenRoles())))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
    }

    @Test
    void pageIsForbiddenWhenTheEvaluatorThrows() throws Exception {
        for (String page : new String[] {"/", "/audit", "/identity/people"}) {
            assertThat(mvc.perform(get(page).with(authentication(brokenRoles())))
                            .andReturn()
                            .getResponse()
                            .getStatus())
                    .as(page)
                    .isEqualTo(403);
        }
    }
}
