package org.sealpost.server.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.sealpost.server.unit.UnitFixtures.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.support.UsePostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.annotation.Transactional;

/** The units admin pages: forms, field errors, cross-unit refusal (C02), masking (D02), escaping (V03). */
class RosterWebIT {

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

        private List<Map<String, Object>> rows(String table, String unit) {
            return jdbc.queryForList(
                    "SELECT t.* FROM " + table + " t JOIN unit u ON u.id = t.unit_id WHERE u.code = ? ORDER BY t.id",
                    unit);
        }

        private long firstId(String table, String unit) {
            return ((Number) rows(table, unit).get(0).get("id")).longValue();
        }

        @Test
        void unitsListFiltersByCategoryAndSearch() throws Exception {
            mvc.perform(get("/units").param("category", "TRUST_COMPANY").with(as(fixtures.officeStaff())))
                    .andExpect(status().isOk())
                    .andExpect(content().string(allOf(containsString("万向信托股份公司"), not(containsString("杭州银行")))));
            mvc.perform(get("/units")
                            .param("q", "温州")
                            .header("HX-Request", "true")
                            .with(as(fixtures.officeStaff())))
                    .andExpect(status().isOk())
                    .andExpect(content().string(allOf(containsString("温州银行"), not(containsString("<html")))));
        }

        @Test
        void unitAdminSeesOwnRosterWithEditAndConfirmControls() throws Exception {
            String mobile = (String) rows("roster_entry", "HZB").get(0).get("mobile");
            mvc.perform(get("/units/HZB").with(as(fixtures.unitAdmin("HZB"))))
                    .andExpect(status().isOk())
                    .andExpect(content()
                            .string(allOf(
                                    containsString(mobile),
                                    containsString("/units/HZB/roster/confirm"),
                                    containsString("data-confirm"))));
        }

        @Test
        void regulatorDepartmentSeesMaskedPhonesAndNoControls() throws Exception {
            String mobile = (String) rows("roster_entry", "HZB").get(0).get("mobile");
            mvc.perform(get("/units/HZB").with(as(fixtures.user(UnitFixtures.DEPT, Role.DEPT_STAFF))))
                    .andExpect(status().isOk())
                    .andExpect(content()
                            .string(allOf(
                                    containsString(PhoneNumbers.mask(mobile)),
                                    not(containsString(mobile)),
                                    not(containsString("/roster/new")))));
        }

        @Test
        void addingAPersonWithABadMobileShowsTheErrorBesideTheField() throws Exception {
            mvc.perform(post("/units/HZB/roster")
                            .with(as(fixtures.unitAdmin("HZB")))
                            .with(csrf())
                            .param("duty", "OPERATOR_A")
                            .param("name", "张新")
                            .param("mobile", "12345"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().string(allOf(containsString("is-invalid"), containsString("手机号码格式不正确"))));
        }

        @Test
        void addingEditingAndRemovingAPersonIsLogged() throws Exception {
            var admin = fixtures.unitAdmin("HZB");
            mvc.perform(post("/units/HZB/roster")
                            .with(as(admin))
                            .with(csrf())
                            .param("duty", "TECHNICIAN")
                            .param("name", "赵工")
                            .param("mobile", "13812341234"))
                    .andExpect(status().isFound())
                    .andExpect(redirectedUrl("/units/HZB"));
            long id = ((Number) jdbc.queryForObject("SELECT id FROM roster_entry WHERE name = '赵工'", Long.class))
                    .longValue();
            mvc.perform(get("/units/HZB/roster/" + id + "/edit").with(as(admin)))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("13812341234")));
            mvc.perform(post("/units/HZB/roster/" + id)
                            .with(as(admin))
                            .with(csrf())
                            .param("duty", "TECHNICIAN")
                            .param("name", "赵工")
                            .param("mobile", "13900001111"))
                    .andExpect(status().isFound());
            mvc.perform(post("/units/HZB/roster/" + id + "/delete")
                            .with(as(admin))
                            .with(csrf()))
                    .andExpect(status().isFound());

            mvc.perform(get("/units/HZB/changes").with(as(fixtures.officeStaff())))
                    .andExpect(status().isOk())
                    .andExpect(content()
                            .string(allOf(
                                    containsString("13900001111"),
                                    containsString("删除"),
                                    containsString("hzb-unit_admin"))));
        }

        @Test
        void contactsCanBeAddedWithSmsAndMeetingFlags() throws Exception {
            mvc.perform(post("/units/HZB/contacts")
                            .with(as(fixtures.officeStaff()))
                            .with(csrf())
                            .param("role", "OPERATOR")
                            .param("name", "钱操作")
                            .param("mobile", "13811112222")
                            .param("receivesSms", "true")
                            .param("meetingContact", "true"))
                    .andExpect(status().isFound());
            assertThat(jdbc.queryForMap("SELECT receives_sms, meeting_contact FROM unit_contact WHERE name = '钱操作'"))
                    .containsEntry("receives_sms", true)
                    .containsEntry("meeting_contact", true);
        }

        @Test
        void aContactsEmailIsSetInTheFormShownOnTheUnitPageAndInTheChangeLog() throws Exception {
            var admin = fixtures.unitAdmin("HZB");
            Map<String, Object> secretary = rows("unit_contact", "HZB").get(2);
            long id = ((Number) secretary.get("id")).longValue();
            assertThat(secretary.get("email")).isNull();
            mvc.perform(get("/units/HZB/contacts/" + id + "/edit").with(as(admin)))
                    .andExpect(status().isOk())
                    .andExpect(content()
                            .string(allOf(
                                    containsString("type=\"email\""),
                                    containsString("name=\"email\""),
                                    containsString("电子邮箱"),
                                    containsString("来文"))));

            mvc.perform(post("/units/HZB/contacts/" + id)
                            .with(as(admin))
                            .with(csrf())
                            .param("role", "CONFIDENTIAL_SECRETARY")
                            .param("name", (String) secretary.get("name"))
                            .param("officePhone", (String) secretary.get("office_phone"))
                            .param("mobile", (String) secretary.get("mobile"))
                            .param("email", "jiyao@hzb.example")
                            .param("meetingContact", "true"))
                    .andExpect(status().isFound())
                    .andExpect(redirectedUrl("/units/HZB"));

            assertThat(jdbc.queryForObject("SELECT email FROM unit_contact WHERE id = ?", String.class, id))
                    .isEqualTo("jiyao@hzb.example");
            mvc.perform(get("/units/HZB/contacts/" + id + "/edit").with(as(admin)))
                    .andExpect(content().string(containsString("value=\"jiyao@hzb.example\"")));
            mvc.perform(get("/units/HZB").with(as(admin)))
                    .andExpect(content().string(allOf(containsString("电子邮箱"), containsString("jiyao@hzb.example"))));
            mvc.perform(get("/units/HZB").with(as(fixtures.user(UnitFixtures.DEPT, Role.DEPT_STAFF))))
                    .andExpect(content()
                            .string(allOf(
                                    containsString("j***@hzb.example"),
                                    not(containsString("jiyao@hzb.example")),
                                    not(containsString("operator@hzb.example")))));
            mvc.perform(get("/units/HZB/changes").with(as(fixtures.officeStaff())))
                    .andExpect(content().string(containsString("邮箱 jiyao@hzb.example")));
        }

        @Test
        void aBadEmailIsShownBesideTheFieldInChineseOrEnglishAndNothingIsStored() throws Exception {
            var before = rows("unit_contact", "HZB");
            mvc.perform(post("/units/HZB/contacts")
                            .with(as(fixtures.unitAdmin("HZB")))
                            .with(csrf())
                            .param("role", "OPERATOR")
                            .param("name", "钱操作")
                            .param("mobile", "13811112222")
                            .param("email", "qian at hzb.example"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content()
                            .string(allOf(
                                    containsString("is-invalid"),
                                    containsString("电子邮箱格式不正确"),
                                    // what was typed is kept in the field
                                    containsString("value=\"qian at hzb.example\""))));
            mvc.perform(post("/units/HZB/contacts?lang=en")
                            .with(as(fixtures.unitAdmin("HZB")))
                            .with(csrf())
                            .param("role", "OPERATOR")
                            .param("name", "钱操作")
                            .param("mobile", "13811112222")
                            .param("email", "qian@hzb"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().string(containsString("Not a valid e-mail address")));
            assertThat(rows("unit_contact", "HZB")).isEqualTo(before);
        }

        @Test
        void anotherUnitsAdminIsRefusedEveryPageAndChangesNothing() throws Exception {
            var intruder = fixtures.unitAdmin("HZB");
            var roster = rows("roster_entry", "WZB");
            var contacts = rows("unit_contact", "WZB");
            long row = firstId("roster_entry", "WZB");
            long contact = firstId("unit_contact", "WZB");

            for (String page : List.of(
                    "/units/WZB",
                    "/units/WZB/changes",
                    "/units/WZB/roster/new",
                    "/units/WZB/roster/" + row + "/edit",
                    "/units/WZB/contacts/" + contact + "/edit",
                    "/units/HZB/roster/" + row + "/edit")) {
                mvc.perform(get(page).with(as(intruder))).andExpect(status().isNotFound());
            }
            for (String action : List.of(
                    "/units/WZB/roster",
                    "/units/WZB/roster/" + row,
                    "/units/WZB/roster/" + row + "/delete",
                    "/units/WZB/contacts/" + contact + "/delete",
                    "/units/WZB/roster/confirm",
                    "/units/HZB/roster/" + row + "/delete",
                    "/units/HZB/contacts/" + contact + "/delete",
                    "/units/HZB/roster/" + row)) {
                mvc.perform(post(action)
                                .with(as(intruder))
                                .with(csrf())
                                .param("duty", "OPERATOR_A")
                                .param("name", "X")
                                .param("mobile", "13812341234"))
                        .andExpect(status().isNotFound());
            }

            assertThat(rows("roster_entry", "WZB")).isEqualTo(roster);
            assertThat(rows("unit_contact", "WZB")).isEqualTo(contacts);
        }

        @Test
        void aPostWithoutCsrfTokenIsRefused() throws Exception {
            var before = rows("roster_entry", "HZB");
            mvc.perform(post("/units/HZB/roster/" + firstId("roster_entry", "HZB") + "/delete")
                            .with(as(fixtures.unitAdmin("HZB"))))
                    .andExpect(status().isForbidden());
            assertThat(rows("roster_entry", "HZB")).isEqualTo(before);
        }

        @Test
        void storedMarkupIsRenderedEscaped() throws Exception {
            mvc.perform(post("/units/HZB/roster")
                            .with(as(fixtures.unitAdmin("HZB")))
                            .with(csrf())
                            .param("duty", "TECHNICIAN")
                            .param("name", "<script>alert(1)</script>")
                            .param("mobile", "13812341234"))
                    .andExpect(status().isFound());
            mvc.perform(get("/units/HZB").with(as(fixtures.unitAdmin("HZB"))))
                    .andExpect(content()
                            .string(allOf(
                                    containsString("&lt;script&gt;alert(1)&lt;/script&gt;"),
                                    not(containsString("<script>alert(1)")))));
        }

        @Test
        void officeSeesTheOverdueListAndConfirmationTakesAUnitOffIt() throws Exception {
            mvc.perform(get("/roster/stale").with(as(fixtures.officeStaff())))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("从未确认")));
            mvc.perform(post("/units/HZB/roster/confirm")
                            .with(as(fixtures.unitAdmin("HZB")))
                            .with(csrf()))
                    .andExpect(status().isFound())
                    .andExpect(flash().attribute("notice", "unit.confirm.done"));
            mvc.perform(get("/units/HZB").with(as(fixtures.unitAdmin("HZB"))))
                    .andExpect(content().string(containsString("2026-11-27")));
        }

        @Test
        void officeCreatesEditsAndDeletesACustomGroupButNotASystemOne() throws Exception {
            var office = fixtures.officeStaff();
            mvc.perform(post("/groups")
                            .with(as(office))
                            .with(csrf())
                            .param("code", "AMC")
                            .param("name", "资产管理公司及信托")
                            .param("unitCodes", "HUARONG-HZ", "WX-TRUST"))
                    .andExpect(status().isFound())
                    .andExpect(redirectedUrl("/groups/AMC"));
            mvc.perform(get("/groups/AMC").with(as(office))).andExpect(content().string(containsString("资产管理公司及信托")));
            mvc.perform(post("/groups/AMC").with(as(office)).with(csrf()).param("name", " "))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().string(containsString("请至少选择一个单位")));
            mvc.perform(post("/groups/AMC/delete").with(as(office)).with(csrf()))
                    .andExpect(status().isFound());
            mvc.perform(post("/groups/TRUST_COMPANY/delete").with(as(office)).with(csrf()))
                    .andExpect(status().isConflict())
                    .andExpect(content().string(containsString("系统分组")));
            mvc.perform(post("/groups")
                            .with(as(office))
                            .with(csrf())
                            .param("code", "HZB")
                            .param("name", "x")
                            .param("unitCodes", "HZB"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().string(containsString("已被使用")));
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
