package org.sealpost.server.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.security.SecureRandom;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.notify.Notice;
import org.sealpost.server.notify.NoticeKind;
import org.sealpost.server.notify.Notices;
import org.sealpost.server.support.TestAccounts;
import org.sealpost.server.support.TestClock;
import org.sealpost.server.support.TestSmsc;
import org.sealpost.server.support.UsePostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Check-ins and their reminders (issue 6 item 7; 公告 三, 第十五条), driven by the test clock (the
 * scheduled job is off; the test calls what it calls): opening the home page records a check-in,
 * once per person per ten minutes; at 10:00 and 15:00 China time on a working day a unit without a
 * check-in in that half-day gets one in-app notice and one SMS per SMS contact (real SMPP peer),
 * once per half-day; a unit that checked in gets nothing; weekends and holidays (the working-day
 * calendar) get nothing. Compliance figures per day and half-day. On H2 and PostgreSQL.
 */
class CheckInIT {

    static final TestSmsc SMSC = new TestSmsc(TestSmsc.freePort());
    static final SecureRandom RANDOM = new SecureRandom();
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    @BeforeAll
    static void up() {
        SMSC.start();
    }

    @AfterAll
    static void down() {
        SMSC.stop();
    }

    /**
     * Weekdays, except the National Day week (1–7 October) of any year: a fixed calendar for the
     * reminder rules, in place of the working-day calendar (whose seeded holidays cover 2026 only).
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class Calendar {
        @Bean
        @Primary
        WorkingDays fixedWorkingDays() {
            return day -> day.getDayOfWeek() != DayOfWeek.SATURDAY
                    && day.getDayOfWeek() != DayOfWeek.SUNDAY
                    && !(day.getMonth() == Month.OCTOBER && day.getDayOfMonth() <= 7);
        }
    }

    @SpringBootTest
    @AutoConfigureMockMvc
    @ActiveProfiles("test")
    @Import({TestClock.Config.class, Calendar.class})
    abstract static class Behaviour {

        @DynamicPropertySource
        static void smsc(DynamicPropertyRegistry registry) {
            registry.add("sealpost.sms.enabled", () -> "true");
            registry.add("sealpost.sms.host", () -> "127.0.0.1");
            registry.add("sealpost.sms.port", SMSC::port);
            registry.add("sealpost.sms.system-id", () -> TestSmsc.SYSTEM_ID);
            registry.add("sealpost.sms.password", () -> TestSmsc.PASSWORD);
            registry.add("sealpost.sms.timeout", () -> "3s");
            registry.add("sealpost.checkin.reminders-enabled", () -> "false");
        }

        @Autowired
        JdbcTemplate jdbc;

        @Autowired
        TestClock clock;

        @Autowired
        CheckIns checkIns;

        @Autowired
        CheckInReminders reminders;

        @Autowired
        Notices notices;

        @Autowired
        MockMvc mvc;

        String quiet;
        String diligent;
        String quietMobile;

        @BeforeEach
        void units() {
            quiet = unit();
            diligent = unit();
            quietMobile = "139" + String.format("%08d", RANDOM.nextInt(100_000_000));
            long unitId = jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, quiet);
            jdbc.update(
                    "INSERT INTO unit_contact (unit_id, contact_role, name, mobile, receives_sms, meeting_contact, sort_order)"
                            + " VALUES (?, 'OPERATOR', '李操作员', ?, TRUE, FALSE, 1)",
                    unitId,
                    quietMobile);
        }

        @Test
        void unitWithoutMorningCheckInIsRemindedAtTenOnceAndOneThatCheckedInIsNot() {
            LocalDate day = workingDay();
            at(day, "08:30");
            assertThat(checkIns.record(operatorOf(diligent))).isTrue();

            at(day, "09:59");
            reminders.remindDue();
            assertThat(reminderRows(quiet)).isZero();

            at(day, "10:00");
            reminders.remindDue();
            at(day, "10:01");
            reminders.remindDue(); // the next minute's run reminds nobody again

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> SMSC.textsTo(quietMobile).size() == 1);
            assertThat(SMSC.textsTo(quietMobile))
                    .containsExactly("【SealPost】您单位（" + name(quiet) + "）今天上午尚未登录系统。按规定每个上午和下午至少登录两次，及时查收公文。");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> notices.list(operatorOf(quiet)).size() == 1);
            Notice notice = notices.list(operatorOf(quiet)).get(0);
            assertThat(notice.kind()).isEqualTo(NoticeKind.CHECK_IN_REMINDER);
            assertThat(notice.detail()).isEqualTo(day + " AM");
            assertThat(reminderRows(quiet)).isEqualTo(1);
            assertThat(reminderRows(diligent)).isZero();
            assertThat(notices.list(operatorOf(diligent))).isEmpty();
        }

        @Test
        void afternoonNeedsItsOwnCheckIn() {
            LocalDate day = workingDay();
            at(day, "09:00");
            checkIns.record(operatorOf(quiet)); // the morning only
            at(day, "13:10");
            checkIns.record(operatorOf(diligent));

            at(day, "10:00");
            reminders.remindDue();
            at(day, "14:59");
            reminders.remindDue();
            assertThat(reminderRows(quiet)).isZero();

            at(day, "15:00");
            reminders.remindDue();
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> SMSC.textsTo(quietMobile).size() == 1);
            assertThat(SMSC.textsTo(quietMobile).get(0)).contains("今天下午尚未登录系统");
            assertThat(reminderRows(quiet)).isEqualTo(1);
            assertThat(reminderRows(diligent)).isZero();
        }

        @Test
        void noRemindersOnWeekendsOrHolidays() {
            LocalDate saturday = workingDay().with(DayOfWeek.SATURDAY);
            LocalDate nationalDay = LocalDate.of(2031 + RANDOM.nextInt(60), 10, 1);
            while (nationalDay.getDayOfWeek().getValue() > 5) {
                nationalDay = nationalDay.plusYears(1);
            }
            for (LocalDate day : List.of(saturday, nationalDay)) {
                at(day, "10:00");
                reminders.remindDue();
                at(day, "15:00");
                reminders.remindDue();
            }
            assertThat(reminderRows(quiet)).isZero();
            assertThat(SMSC.textsTo(quietMobile)).isEmpty();
        }

        @Test
        void openingTheHomePageChecksInOncePerTenMinutes() throws Exception {
            LocalDate day = workingDay();
            SignedInUser operator = operatorOf(quiet);
            at(day, "08:00");
            mvc.perform(get("/").with(as(operator)));
            at(day, "08:05");
            mvc.perform(get("/").with(as(operator))); // a reload is not a second visit
            mvc.perform(get("/").header("HX-Request", "true").with(as(operator)));
            at(day, "08:20");
            mvc.perform(get("/").with(as(operator)));

            SignedInUser auditor =
                    new SignedInUser(0, "aud-" + quiet, "审计", unitId(quiet), quiet, Set.of(Role.AUDITOR));
            mvc.perform(get("/").with(as(auditor))); // not a person who handles documents

            assertThat(checkIns.compliance(quiet, day, day)).containsExactly(new CheckIns.DayCompliance(day, 2, 0));
            at(day, "10:00");
            reminders.remindDue();
            assertThat(reminderRows(quiet)).isZero();
        }

        @Test
        void complianceCountsCheckInsPerDayAndHalfDayInChinaTime() {
            LocalDate day = workingDay();
            SignedInUser a = operatorOf(diligent);
            SignedInUser b =
                    new SignedInUser(0, "opb-" + diligent, "操作员B", unitId(diligent), diligent, Set.of(Role.OPERATOR_B));
            at(day, "00:10"); // 16:10 UTC the day before: counts on this day's morning
            checkIns.record(a);
            at(day, "11:59");
            checkIns.record(a);
            checkIns.record(b);
            at(day, "12:05");
            assertThat(checkIns.record(b)).isFalse(); // six minutes after b's last: the same visit
            at(day, "12:30");
            assertThat(checkIns.record(a)).isTrue();
            at(day.plusDays(2), "16:00");
            checkIns.record(a);

            assertThat(checkIns.compliance(diligent, day.minusDays(1), day.plusDays(2)))
                    .containsExactly(
                            new CheckIns.DayCompliance(day.minusDays(1), 0, 0),
                            new CheckIns.DayCompliance(day, 3, 1),
                            new CheckIns.DayCompliance(day.plusDays(1), 0, 0),
                            new CheckIns.DayCompliance(day.plusDays(2), 0, 1));
            assertThat(checkIns.compliance(diligent, day, day).get(0).compliant())
                    .isFalse();
        }

        /**
         * A random Wednesday far from today, so tests sharing a database never share a half-day;
         * never in the National Day week, which the test calendar makes a holiday.
         */
        LocalDate workingDay() {
            LocalDate day;
            do {
                day = LocalDate.of(2031, 1, 1).plusWeeks(RANDOM.nextInt(3000)).with(DayOfWeek.WEDNESDAY);
            } while (day.getMonth() == Month.OCTOBER && day.getDayOfMonth() <= 7);
            return day;
        }

        void at(LocalDate day, String time) {
            clock.set(day.atTime(LocalTime.parse(time)).atZone(CHINA).toInstant());
        }

        int reminderRows(String unitCode) {
            return jdbc.queryForObject(
                    "SELECT count(*) FROM check_in_reminder WHERE unit_code = ?", Integer.class, unitCode);
        }

        String unit() {
            byte[] b = new byte[3];
            RANDOM.nextBytes(b);
            String code = "CHK-" + HexFormat.of().withUpperCase().formatHex(b);
            new TestAccounts(jdbc).unit(code, name(code), "JOINT_STOCK_BANK");
            return code;
        }

        static String name(String code) {
            return "签到测试银行" + code;
        }

        long unitId(String unitCode) {
            return jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, unitCode);
        }

        SignedInUser operatorOf(String unitCode) {
            return new SignedInUser(0, "op-" + unitCode, "操作员", unitId(unitCode), unitCode, Set.of(Role.OPERATOR_A));
        }

        static org.springframework.test.web.servlet.request.RequestPostProcessor as(SignedInUser user) {
            var authorities = user.roles().stream()
                    .map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                    .toList();
            return authentication(new UsernamePasswordAuthenticationToken(user, null, authorities));
        }
    }

    @Nested
    class OnH2 extends Behaviour {}

    @Nested
    @UsePostgres
    class OnPostgres extends Behaviour {}
}
