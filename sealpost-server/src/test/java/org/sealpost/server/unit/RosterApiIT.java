package org.sealpost.server.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.sealpost.server.unit.UnitFixtures.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.support.UsePostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.annotation.Transactional;

/** The units REST API: shapes, problem details, cross-unit access (C02), mass assignment (C03), masking (D02). */
class RosterApiIT {

    private static final String VALID_ROSTER = """
            {"entries": [
              {"duty": "OPERATOR_A", "name": "张新", "title": "文书", "officePhone": "0571-87654321", "mobile": "13812341234"},
              {"duty": "TECHNICIAN", "name": "李工", "mobile": "13912345678"}]}
            """;

    @Transactional
    abstract static class Behaviour {
        @Autowired
        MockMvc mvc;

        @Autowired
        JdbcTemplate jdbc;

        @Autowired
        UnitDirectory units;

        @Autowired
        MutableClock clock;

        UnitFixtures fixtures;

        @BeforeEach
        void setUp() {
            fixtures = new UnitFixtures(units);
            clock.reset();
        }

        private List<Map<String, Object>> rosterRows(String unit) {
            return jdbc.queryForList(
                    "SELECT r.* FROM roster_entry r JOIN unit u ON u.id = r.unit_id WHERE u.code = ? ORDER BY r.id",
                    unit);
        }

        private List<Map<String, Object>> contactRows(String unit) {
            return jdbc.queryForList(
                    "SELECT c.* FROM unit_contact c JOIN unit u ON u.id = c.unit_id WHERE u.code = ? ORDER BY c.id",
                    unit);
        }

        private List<Map<String, Object>> unitRow(String unit) {
            return jdbc.queryForList("SELECT * FROM unit WHERE code = ?", unit);
        }

        @Test
        void listsUnitsWithCodeNameAndCategory() throws Exception {
            mvc.perform(get("/api/v1/units").with(as(fixtures.user("HZB", Role.OPERATOR_A))))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.length()").value(units.all().size()))
                    .andExpect(jsonPath("$[?(@.code == 'HZB')].name").value(contains("杭州银行")))
                    .andExpect(jsonPath("$[?(@.code == 'HZB')].category").value(contains("CITY_COMMERCIAL_BANK")))
                    .andExpect(jsonPath("$[?(@.code == 'HZB')].categoryName").value(contains("城市商业银行")));
        }

        @Test
        void listsTheUnitsOfAGroup() throws Exception {
            mvc.perform(get("/api/v1/units").param("group", "POLICY_BANK").with(as(fixtures.officeStaff())))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$[*].code").value(contains("ADBC-ZJ", "CDB-ZJ", "EXIM-ZJ")));
            mvc.perform(get("/api/v1/units").param("group", "HQ-BANKS").with(as(fixtures.officeStaff())))
                    .andExpect(jsonPath("$", hasSize(8)));
        }

        @Test
        void anUnknownGroupIsAProblemNamingTheCode() throws Exception {
            mvc.perform(get("/api/v1/units").param("group", "NO-SUCH").with(as(fixtures.officeStaff())))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value("unit.unknown-recipient"))
                    .andExpect(jsonPath("$.type").value("urn:sealpost:problem:unit.unknown-recipient"))
                    .andExpect(jsonPath("$.detail").value(containsString("NO-SUCH")));
        }

        @Test
        void listsGroupsWithTheirMembers() throws Exception {
            mvc.perform(get("/api/v1/groups").with(as(fixtures.officeStaff())))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$[?(@.code == 'HQ-BANKS')].kind").value(contains("CUSTOM")))
                    .andExpect(
                            jsonPath("$[?(@.code == 'TRUST_COMPANY')].units[*]").value(hasItem("WX-TRUST")));
        }

        @Test
        void unitAdminReplacesOwnRosterAndReadsItBackInFull() throws Exception {
            mvc.perform(put("/api/v1/units/HZB/roster")
                            .with(as(fixtures.unitAdmin("HZB")))
                            .with(csrf())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(VALID_ROSTER))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.unit").value("HZB"))
                    .andExpect(jsonPath("$.phonesMasked").value(false))
                    .andExpect(jsonPath("$.entries[*].mobile").value(contains("13812341234", "13912345678")));
            mvc.perform(get("/api/v1/units/HZB/roster/changes").with(as(fixtures.officeStaff())))
                    .andExpect(jsonPath("$[0].change").value("REPLACED"))
                    .andExpect(jsonPath("$[0].actor").value("hzb-unit_admin"))
                    .andExpect(jsonPath("$[0].after").value(containsString("张新")));
        }

        @Test
        void anInvalidPhoneIsAProblemNamingTheField() throws Exception {
            mvc.perform(
                            put("/api/v1/units/HZB/contacts")
                                    .with(as(fixtures.unitAdmin("HZB")))
                                    .with(csrf())
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content(
                                            "{\"contacts\":[{\"role\":\"OPERATOR\",\"name\":\"张新\",\"mobile\":\"2381234\",\"receivesSms\":true}]}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("unit.invalid-input"))
                    .andExpect(jsonPath("$.errors[0].field").value("contacts[0].mobile"))
                    .andExpect(jsonPath("$.errors[0].message").value(containsString("手机号码格式不正确")));
        }

        @Test
        void unitAdminSetsAContactsEmailAndReadsItBackAndTheLogHasItBeforeAndAfter() throws Exception {
            var admin = fixtures.unitAdmin("HZB");
            mvc.perform(put("/api/v1/units/HZB/contacts")
                            .with(as(admin))
                            .with(csrf())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("""
                                    {"contacts": [
                                      {"role": "OPERATOR", "name": "张新", "mobile": "13812341234", "receivesSms": true,
                                       "email": " zhang.xin@hzb.example "},
                                      {"role": "OFFICE_DIRECTOR", "name": "李主任", "officePhone": "0571-87654321"}]}
                                    """))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.phonesMasked").value(false))
                    .andExpect(jsonPath("$.contacts[0].email").value("zhang.xin@hzb.example"))
                    .andExpect(jsonPath("$.contacts[1].email").doesNotExist());
            mvc.perform(get("/api/v1/units/HZB/contacts").with(as(fixtures.officeStaff())))
                    .andExpect(jsonPath("$.contacts[0].email").value("zhang.xin@hzb.example"));
            mvc.perform(get("/api/v1/units/HZB/contacts").with(as(fixtures.user(UnitFixtures.DEPT, Role.DEPT_STAFF))))
                    .andExpect(jsonPath("$.phonesMasked").value(true))
                    .andExpect(jsonPath("$.contacts[0].email").value("z***@hzb.example"));
            assertThat(units.emailContacts("HZB")).containsExactly(new EmailContact("张新", "zhang.xin@hzb.example"));
            mvc.perform(get("/api/v1/units/HZB/roster/changes").with(as(admin)))
                    .andExpect(jsonPath("$[0].subject").value("CONTACTS"))
                    .andExpect(jsonPath("$[0].change").value("REPLACED"))
                    .andExpect(jsonPath("$[0].before").value(containsString("邮箱 operator@hzb.example")))
                    .andExpect(
                            jsonPath("$[0].after").value(containsString("张新 手机 13812341234 邮箱 zhang.xin@hzb.example")));
        }

        @Test
        void aBadEmailIsAProblemNamingTheFieldInChineseOrEnglishAndChangesNothing() throws Exception {
            var contacts = contactRows("HZB");
            String body = """
                    {"contacts": [
                      {"role": "OPERATOR", "name": "张新", "mobile": "13812341234", "email": "zhang.xin@hzb.example"},
                      {"role": "OPERATOR", "name": "李四", "mobile": "13912345678", "email": "李四@hzb"}]}
                    """;
            mvc.perform(put("/api/v1/units/HZB/contacts")
                            .with(as(fixtures.unitAdmin("HZB")))
                            .with(csrf())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("unit.invalid-input"))
                    .andExpect(jsonPath("$.errors", hasSize(1)))
                    .andExpect(jsonPath("$.errors[0].field").value("contacts[1].email"))
                    .andExpect(jsonPath("$.errors[0].message").value(containsString("电子邮箱格式不正确")));
            mvc.perform(put("/api/v1/units/HZB/contacts?lang=en")
                            .with(as(fixtures.unitAdmin("HZB")))
                            .with(csrf())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"contacts\":[{\"role\":\"OPERATOR\",\"name\":\"张新\",\"mobile\":\"13812341234\","
                                    + "\"email\":\"" + "x".repeat(250) + "@hzb.example\"}]}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("contacts[0].email"))
                    .andExpect(jsonPath("$.errors[0].message").value(containsString("at most 254 characters")));
            assertThat(contactRows("HZB")).isEqualTo(contacts);
        }

        @Test
        void anUnknownDutyIsABadRequest() throws Exception {
            mvc.perform(put("/api/v1/units/HZB/roster")
                            .with(as(fixtures.unitAdmin("HZB")))
                            .with(csrf())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"entries\":[{\"duty\":\"KING\",\"name\":\"x\",\"mobile\":\"13812341234\"}]}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("unit.unreadable-body"));
        }

        @Test
        void anotherUnitsAdminGetsNotFoundAndChangesNothing() throws Exception {
            var intruder = fixtures.unitAdmin("HZB");
            var roster = rosterRows("WZB");
            var contacts = contactRows("WZB");
            var unit = unitRow("WZB");

            mvc.perform(get("/api/v1/units/WZB/roster").with(as(intruder)))
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.code").value("unit.not-found"));
            mvc.perform(get("/api/v1/units/WZB/contacts").with(as(intruder))).andExpect(status().isNotFound());
            mvc.perform(get("/api/v1/units/WZB/roster/changes").with(as(intruder)))
                    .andExpect(status().isNotFound());
            mvc.perform(put("/api/v1/units/WZB/roster")
                            .with(as(intruder))
                            .with(csrf())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(VALID_ROSTER))
                    .andExpect(status().isNotFound());
            mvc.perform(put("/api/v1/units/WZB/contacts")
                            .with(as(intruder))
                            .with(csrf())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"contacts\":[]}"))
                    .andExpect(status().isNotFound());
            mvc.perform(post("/api/v1/units/WZB/roster/confirmation")
                            .with(as(intruder))
                            .with(csrf()))
                    .andExpect(status().isNotFound());

            assertThat(rosterRows("WZB")).isEqualTo(roster);
            assertThat(contactRows("WZB")).isEqualTo(contacts);
            assertThat(unitRow("WZB")).isEqualTo(unit);
        }

        @Test
        void aBodyCannotMoveRowsToAnotherUnitOrChangeIds() throws Exception {
            var victimRows = rosterRows("WZB");
            long victimRowId = ((Number) victimRows.get(0).get("id")).longValue();
            long victimUnitId = units.findByCode("WZB").orElseThrow().id();
            var hzbUnit = unitRow("HZB");
            String body = """
                    {"unit": "WZB", "unitId": %d, "code": "WZB", "confirmedAt": "2020-01-01T00:00:00Z",
                     "entries": [{"id": %d, "unitId": %d, "unit": "WZB", "duty": "OPERATOR_A", "name": "张新",
                                  "mobile": "13812341234", "sortOrder": -1}]}
                    """.formatted(victimUnitId, victimRowId, victimUnitId);

            mvc.perform(put("/api/v1/units/HZB/roster")
                            .with(as(fixtures.unitAdmin("HZB")))
                            .with(csrf())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(body))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.unit").value("HZB"))
                    .andExpect(jsonPath("$.entries", hasSize(1)));

            assertThat(rosterRows("WZB")).isEqualTo(victimRows);
            assertThat(rosterRows("HZB")).singleElement().satisfies(row -> {
                assertThat(row.get("id")).isNotEqualTo(victimRowId);
                assertThat(row.get("name")).isEqualTo("张新");
                assertThat(((Number) row.get("sort_order")).intValue()).isEqualTo(1);
            });
            assertThat(unitRow("HZB")).isEqualTo(hzbUnit);
        }

        @Test
        void phonesAreMaskedForARegulatorDepartmentAndFullForOwnerAndOffice() throws Exception {
            String mobile = jdbc.queryForObject(
                    "SELECT r.mobile FROM roster_entry r JOIN unit u ON u.id = r.unit_id WHERE u.code = 'HZB'"
                            + " ORDER BY r.sort_order LIMIT 1",
                    String.class);
            String masked = mobile.substring(0, 3) + "****" + mobile.substring(7);

            mvc.perform(get("/api/v1/units/HZB/roster").with(as(fixtures.user(UnitFixtures.DEPT, Role.DEPT_HEAD))))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.phonesMasked").value(true))
                    .andExpect(jsonPath("$.entries[0].mobile").value(masked))
                    .andExpect(jsonPath("$.entries[0].officePhone").value(matchesPattern("0571-\\*{4}\\d{4}")));
            mvc.perform(get("/api/v1/units/HZB/contacts").with(as(fixtures.user(UnitFixtures.DEPT, Role.DEPT_STAFF))))
                    .andExpect(jsonPath("$.contacts[*].mobile")
                            .value(org.hamcrest.Matchers.everyItem(containsString("****"))));
            mvc.perform(get("/api/v1/units/HZB/roster").with(as(fixtures.unitAdmin("HZB"))))
                    .andExpect(jsonPath("$.entries[0].mobile").value(mobile));
            mvc.perform(get("/api/v1/units/HZB/roster").with(as(fixtures.user("HZB", Role.UNIT_LEADER))))
                    .andExpect(jsonPath("$.entries[0].mobile").value(mobile));
            mvc.perform(get("/api/v1/units/HZB/roster").with(as(fixtures.officeStaff())))
                    .andExpect(jsonPath("$.entries[0].mobile").value(mobile));
        }

        @Test
        void theOfficeListsOverdueRosters() throws Exception {
            mvc.perform(get("/api/v1/roster/stale").with(as(fixtures.officeStaff())))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$[0].confirmedAt").doesNotExist())
                    .andExpect(jsonPath("$[0].code").exists());
            mvc.perform(get("/api/v1/roster/stale").with(as(fixtures.unitAdmin("HZB"))))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.code").value("unit.forbidden"));
        }

        @Test
        void unitAdminConfirmsOverTheApi() throws Exception {
            mvc.perform(post("/api/v1/units/HZB/roster/confirmation")
                            .with(as(fixtures.unitAdmin("HZB")))
                            .with(csrf()))
                    .andExpect(status().isNoContent());
            mvc.perform(get("/api/v1/units/HZB/roster").with(as(fixtures.unitAdmin("HZB"))))
                    .andExpect(jsonPath("$.stale").value(false))
                    .andExpect(jsonPath("$.confirmedAt").value("2026-11-27T02:00:00Z"));
        }

        @Test
        void theOpenApiDocumentDescribesTheUnitsApi() throws Exception {
            mvc.perform(get("/v3/api-docs").with(as(fixtures.officeStaff())))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.paths['/api/v1/units'].get").exists())
                    .andExpect(jsonPath("$.paths['/api/v1/groups'].get").exists())
                    .andExpect(jsonPath("$.paths['/api/v1/units/{code}/roster'].put")
                            .exists())
                    .andExpect(jsonPath("$.paths['/api/v1/units/{code}/contacts'].get")
                            .exists())
                    .andExpect(jsonPath("$.components.schemas.ContactInput.properties.email.maxLength")
                            .value(254))
                    .andExpect(jsonPath("$.components.schemas.ContactJson.properties.email")
                            .exists());
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
