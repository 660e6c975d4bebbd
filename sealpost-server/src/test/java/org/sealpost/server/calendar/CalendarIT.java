package org.sealpost.server.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.support.TestAccounts;
import org.sealpost.server.support.TestClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The calendar page (issue 7 part 4): the 2026 demo schedule is in the database, the office and
 * the system admin add and remove days (audited), the calendar used for deadlines follows at once,
 * and nonsense is refused with a message. On H2 and PostgreSQL.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(TestClock.Config.class)
class CalendarIT {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    WorkingCalendar calendar;

    @Autowired
    SignDeadlines deadlines;

    @Autowired
    ManagingCalendar managing;

    @Autowired
    TestClock clock;

    SignedInUser office;
    SignedInUser operator;

    @BeforeEach
    void people() {
        new TestAccounts(jdbc).standardUnits();
        office = user("cal-office", "ZJBRC-OFFICE", Role.OFFICE_STAFF);
        operator = user("cal-op", "ICBC-ZJ", Role.OPERATOR_A);
    }

    @Test
    void the2026ScheduleIsLoadedAndDrivesDeadlines() throws Exception {
        assertThat(managing.days(2026)).hasSize(39);
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 2, 14))).isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 2, 16))).isFalse();
        // urgent at 16:50 on the Friday before Qingming: due Tuesday 08:50
        assertThat(deadlines.dueAt(at("2026-04-03T16:50"), "URGENT")).isEqualTo(at("2026-04-07T08:50"));
        assertThat(deadlines.dueAt(at("2026-09-30T17:10"), "EXTRA_URGENT")).isEqualTo(at("2026-10-08T08:40"));
        assertThat(deadlines.dueAt(at("2026-09-30T10:00"), "NORMAL")).isEqualTo(at("2026-10-08T17:30"));
        mvc.perform(get("/calendar").param("year", "2026").with(as(operator)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("国庆节调休上班")))
                .andExpect(content()
                        .string(org.hamcrest.Matchers.not(
                                org.hamcrest.Matchers.containsString("/calendar/days/remove"))));
    }

    @Test
    void theOfficeAddsAndRemovesADayAndDeadlinesFollow() throws Exception {
        // Monday 7 December 2026 becomes a holiday: urgent at 16:50 on Friday 4th is due Tuesday 8th
        mvc.perform(post("/calendar/days")
                        .param("day", "2026-12-07")
                        .param("kind", "HOLIDAY")
                        .param("name", "测试停工日")
                        .with(as(office))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("doneCode", "set"));
        try {
            assertThat(deadlines.dueAt(at("2026-12-04T16:50"), "URGENT")).isEqualTo(at("2026-12-08T08:50"));
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM audit_event WHERE event_type = 'CALENDAR_DAY_SET' AND object_ref = '2026-12-07'",
                            Integer.class))
                    .isEqualTo(1);
            // an operator cannot change the calendar
            mvc.perform(post("/calendar/days/remove")
                            .param("day", "2026-12-07")
                            .with(as(operator))
                            .with(csrf()))
                    .andExpect(status().isForbidden());
        } finally {
            mvc.perform(post("/calendar/days/remove")
                            .param("day", "2026-12-07")
                            .with(as(office))
                            .with(csrf()))
                    .andExpect(flash().attribute("doneCode", "removed"));
        }
        assertThat(deadlines.dueAt(at("2026-12-04T16:50"), "URGENT")).isEqualTo(at("2026-12-07T08:50"));
    }

    @Test
    void fromNovemberThePageWarnsUntilNextYearsHolidaysAreEntered() throws Exception {
        String warning = "尚未录入2027年的节假日和调休安排";
        try {
            clock.set(at("2026-10-31T12:00"));
            mvc.perform(get("/calendar").with(as(office)))
                    .andExpect(
                            content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(warning))));
            clock.set(at("2026-11-27T09:00"));
            mvc.perform(get("/calendar").with(as(operator)))
                    .andExpect(content().string(org.hamcrest.Matchers.containsString(warning)));
            managing.set(office, LocalDate.of(2027, 1, 1), CalendarDay.Kind.HOLIDAY, "元旦");
            try {
                mvc.perform(get("/calendar").with(as(office)))
                        .andExpect(content()
                                .string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(warning))));
            } finally {
                managing.remove(office, LocalDate.of(2027, 1, 1));
            }
        } finally {
            clock.reset();
        }
    }

    @Test
    void nonsenseIsRefusedWithAMessageAndChangesNothing() throws Exception {
        int before = jdbc.queryForObject("SELECT count(*) FROM calendar_day", Integer.class);
        // a weekday is a working day already
        mvc.perform(post("/calendar/days")
                        .param("day", "2026-12-09")
                        .param("kind", "WORKDAY")
                        .param("name", "x")
                        .with(as(office))
                        .with(csrf()))
                .andExpect(flash().attribute("errorCode", "weekdayWorkday"));
        mvc.perform(post("/calendar/days")
                        .param("day", "2026-12-12")
                        .param("kind", "WORKDAY")
                        .param("name", " ")
                        .with(as(office))
                        .with(csrf()))
                .andExpect(flash().attribute("errorCode", "name"));
        mvc.perform(post("/calendar/days")
                        .param("day", "1999-12-31")
                        .param("kind", "HOLIDAY")
                        .param("name", "x")
                        .with(as(office))
                        .with(csrf()))
                .andExpect(flash().attribute("errorCode", "date"));
        mvc.perform(post("/calendar/days/remove")
                        .param("day", "2026-12-09")
                        .with(as(office))
                        .with(csrf()))
                .andExpect(flash().attribute("errorCode", "notListed"));
        mvc.perform(get("/calendar").param("year", "1800").with(as(office))).andExpect(status().isBadRequest());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM calendar_day", Integer.class))
                .isEqualTo(before);
        // a make-up Sunday is accepted
        managing.set(office, LocalDate.of(2026, 12, 13), CalendarDay.Kind.WORKDAY, "测试调休");
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 12, 13))).isTrue();
        managing.remove(office, LocalDate.of(2026, 12, 13));
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 12, 13))).isFalse();
        assertThat(Duration.between(at("2026-12-13T00:00"), at("2026-12-14T00:00")))
                .isEqualTo(Duration.ofDays(1));
    }

    static java.time.Instant at(String local) {
        return LocalDateTime.parse(local).atZone(CHINA).toInstant();
    }

    SignedInUser user(String username, String unitCode, Role... roles) {
        long unitId = jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, unitCode);
        List<Long> ids = jdbc.queryForList("SELECT id FROM account WHERE username = ?", Long.class, username);
        long id = ids.isEmpty() ? new TestAccounts(jdbc).account(username, unitCode, roles) : ids.get(0);
        return new SignedInUser(id, username, "测试 " + username, unitId, unitCode, Set.of(roles));
    }

    static RequestPostProcessor as(SignedInUser user) {
        return SecurityMockMvcRequestPostProcessors.authentication(new UsernamePasswordAuthenticationToken(
                user,
                null,
                user.roles().stream()
                        .map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                        .toList()));
    }
}
