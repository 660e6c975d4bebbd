package org.sealpost.server.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sealpost.server.access.Role;
import org.sealpost.server.support.UsePostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.transaction.annotation.Transactional;

/** C01: every units endpoint against every role, as listed in {@code unit/role-endpoint-matrix.csv}. */
class UnitEndpointMatrixIT {

    static final String MATRIX = "/unit/role-endpoint-matrix.csv";

    static Stream<Arguments> matrix() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(UnitEndpointMatrixIT.class.getResourceAsStream(MATRIX)),
                StandardCharsets.UTF_8))) {
            String[] header = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split(",");
                if (header == null) {
                    header = cells;
                    continue;
                }
                for (int i = 2; i < cells.length; i++) {
                    cases.add(Arguments.of(cells[0], cells[1], header[i], cells[i]));
                }
            }
        }
        return cases.stream();
    }

    @Transactional
    abstract static class Behaviour {
        @Autowired
        MockMvc mvc;

        @Autowired
        JdbcTemplate jdbc;

        @Autowired
        UnitDirectory units;

        @ParameterizedTest(name = "{0} {1} as {2} -> {3}")
        @MethodSource("org.sealpost.server.unit.UnitEndpointMatrixIT#matrix")
        void roleGetsTheExpectedAnswer(String method, String path, String role, String expected) throws Exception {
            MockHttpServletRequestBuilder request =
                    MockMvcRequestBuilders.request(HttpMethod.valueOf(method), resolve(path));
            if (!method.equals("GET")) {
                request.with(csrf());
                body(request, method, path);
            }
            if (!role.equals("ANONYMOUS")) {
                request.with(UnitFixtures.as(user(Role.valueOf(role))));
            }
            MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();

            if (expected.equals("AUTH")) {
                assertThat(response.getStatus() == 401
                                || (response.getStatus() == 302
                                        && String.valueOf(response.getRedirectedUrl())
                                                .contains("login")))
                        .as("anonymous %s %s is sent to sign in, got %s", method, path, response.getStatus())
                        .isTrue();
            } else {
                assertThat(response.getStatus())
                        .as("%s %s as %s", method, path, role)
                        .isEqualTo(Integer.parseInt(expected));
            }
        }

        private org.sealpost.server.access.SignedInUser user(Role role) {
            String unit = switch (role) {
                case OFFICE_STAFF, OFFICE_DIRECTOR -> UnitFixtures.OFFICE;
                case DEPT_STAFF, DEPT_HEAD -> UnitFixtures.DEPT;
                case SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR -> UnitFixtures.REGULATOR;
                default -> UnitFixtures.BANK_A;
            };
            return new UnitFixtures(units).user(unit, role);
        }

        private String resolve(String path) {
            return path.replace("{row}", firstId("roster_entry")).replace("{contact}", firstId("unit_contact"));
        }

        private String firstId(String table) {
            return String.valueOf(jdbc.queryForObject(
                    "SELECT min(t.id) FROM " + table + " t JOIN unit u ON u.id = t.unit_id WHERE u.code = 'HZB'",
                    Long.class));
        }

        /** A valid body for each changing endpoint, so that the answer depends on the role only. */
        private static void body(MockHttpServletRequestBuilder request, String method, String path) {
            if (method.equals("PUT")) {
                request.contentType(MediaType.APPLICATION_JSON)
                        .content(
                                path.endsWith("/roster")
                                        ? "{\"entries\":[{\"duty\":\"OPERATOR_A\",\"name\":\"张新\",\"mobile\":\"13812341234\"}]}"
                                        : "{\"contacts\":[{\"role\":\"OPERATOR\",\"name\":\"张新\",\"mobile\":\"13812341234\"}]}");
                return;
            }
            request.param("duty", "OPERATOR_A")
                    .param("role", "OPERATOR")
                    .param("name", "张新")
                    .param("mobile", "13812341234")
                    .param("code", "MATRIX-GROUP")
                    .param("unitCodes", "HZB")
                    .param("category", "TRUST_COMPANY");
        }
    }

    @Nested
    @UnitSpringTest
    class OnH2 extends Behaviour {}

    @Nested
    @UnitSpringTest
    @UsePostgres
    class OnPostgres extends Behaviour {}
}
