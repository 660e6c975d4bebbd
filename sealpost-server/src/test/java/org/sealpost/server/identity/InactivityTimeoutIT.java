package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.support.Browser;
import org.sealpost.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/** SECURITY.md A04: an idle session expires in the session store (here after 1 s instead of 30 min). */
@SpringBootTest(properties = "spring.session.timeout=1s")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class InactivityTimeoutIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void idleSessionExpires() throws Exception {
        TestAccounts fixtures = new TestAccounts(jdbc);
        fixtures.standardUnits();
        fixtures.account("idle-op", "ICBC-ZJ", Role.OPERATOR_A);
        Browser browser = new Browser(mvc);
        browser.signIn("idle-op", TestAccounts.PASSWORD);
        assertThat(browser.perform(get("/")).getResponse().getStatus()).isEqualTo(200);
        Thread.sleep(2_100);
        assertThat(browser.perform(get("/")).getResponse().getRedirectedUrl()).endsWith("/login");
    }
}
