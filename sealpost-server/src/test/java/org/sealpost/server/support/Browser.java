package org.sealpost.server.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A MockMvc client with a cookie jar, so that sessions behave as in a browser: the session cookie
 * set by one response is sent with the next request, and a cleared cookie is dropped.
 */
public final class Browser {

    private final MockMvc mvc;
    private final Map<String, Cookie> jar = new LinkedHashMap<>();

    public Browser(MockMvc mvc) {
        this.mvc = mvc;
    }

    public MvcResult perform(MockHttpServletRequestBuilder request) {
        if (!jar.isEmpty()) {
            request.cookie(jar.values().toArray(Cookie[]::new));
        }
        try {
            MvcResult result = mvc.perform(request).andReturn();
            for (Cookie c : result.getResponse().getCookies()) {
                if (c.getMaxAge() == 0) {
                    jar.remove(c.getName());
                } else {
                    jar.put(c.getName(), new Cookie(c.getName(), c.getValue()));
                }
            }
            return result;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts the sign-in form; the result is a redirect to {@code /} or to {@code /login?error}. */
    public MvcResult signIn(String username, String password) {
        return perform(post("/login")
                .param("username", username)
                .param("password", password)
                .with(csrf()));
    }

    public String session() {
        Cookie c = jar.get("SESSION");
        return c == null ? null : c.getValue();
    }

    /** Replaces the jar's session cookie, e.g. to replay an old one. */
    public void useSession(String value) {
        jar.put("SESSION", new Cookie("SESSION", value));
    }
}
