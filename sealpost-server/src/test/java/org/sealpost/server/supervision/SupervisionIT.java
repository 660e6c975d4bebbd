package org.sealpost.server.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.calendar.CalendarDay;
import org.sealpost.server.calendar.FillingDueDates;
import org.sealpost.server.calendar.ManagingCalendar;
import org.sealpost.server.support.Histories;
import org.sealpost.server.support.TestAccounts;
import org.sealpost.server.support.TestClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Supervision figures (issue 7 part 3, 第二十八条) against a fixture worked out by hand on the 2026
 * calendar — Qingming (4–6 April), the Spring Festival make-up Saturday (14 February) — with
 * working hours 08:30–12:00 and 13:30–17:30, deadlines 1 h (urgent), 30 min (extra-urgent), end of
 * the next working day (normal). "Now" is Thursday 30 April 2026 16:00, China time.
 *
 * <pre>
 * ICBC-ZJ  delivered            urgency  answer                    to sign  due               late?
 * D1       Fri 04-03 16:50      URGENT   signed Tue 04-07 08:45    55 min   Tue 08:50         no
 * D2       Fri 04-03 16:50      URGENT   signed Tue 04-07 09:00    70 min   Tue 08:50         yes
 * D3       Wed 04-08 11:40      EXTRA    signed Wed 13:45          35 min   Wed 13:40         yes
 * D4       Thu 04-09 10:00      NORMAL   signed Fri 04-10 17:00   780 min   Fri 17:30         no
 * D5       Fri 04-10 16:00      NORMAL   returned Mon 04-13 09:00    —      Mon 17:30         no
 * D6       Mon 04-13 09:00      URGENT   none (now is past due)      —      Mon 10:00         yes
 * D7       Tue 04-14 10:00      EXTRA    recalled 10:10, no answer   —      Tue 10:30         no
 * D8       Wed 04-29 17:00      NORMAL   none, not yet due           —      Thu 04-30 17:30   no
 * average (55+70+35+780)/4 = 235 min; 90th percentile (nearest rank 4 of 4) = 780 min; overdue 3
 * check-ins: 21 working days in April, 41 half-days ended by 30 April 16:00; missing: 3 April
 * afternoon (one visit only) and 7 April morning (none) -> 39/41
 * </pre>
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(TestClock.Config.class)
class SupervisionIT {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final Period APRIL = Period.month(YearMonth.of(2026, 4));

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Supervising supervising;

    @Autowired
    ManagingCalendar calendar;

    @Autowired
    FillingDueDates dueDates;

    @Autowired
    TestClock clock;

    Histories histories;
    SignedInUser office;
    SignedInUser icbc;
    SignedInUser cmb;
    long d1;
    int numbers;

    static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(CHINA).toInstant();
    }

    @BeforeEach
    void fixture() {
        clock.reset();
        clock.advance(Duration.between(clock.instant(), at("2026-04-30T16:00")));
        TestAccounts accounts = new TestAccounts(jdbc);
        accounts.standardUnits();
        histories = new Histories(jdbc);
        histories.clear();
        jdbc.update("DELETE FROM seal_incident");
        jdbc.update("DELETE FROM seal WHERE seal_id LIKE 'SUP-%'");
        office = user("sup-office", "ZJBRC-OFFICE", Role.OFFICE_STAFF);
        icbc = user("sup-icbc-a", "ICBC-ZJ", Role.OPERATOR_A);
        cmb = user("sup-cmb-a", "CMB-HZ", Role.OPERATOR_A);
        jdbc.update(
                "UPDATE unit SET roster_confirmed_at = ? WHERE code IN ('ICBC-ZJ', 'CMB-HZ')",
                at("2026-04-20T10:00").atOffset(ZoneOffset.UTC));
        jdbc.update("UPDATE unit SET roster_confirmed_at = NULL WHERE code IN ('ZJBRC-LAW')");

        d1 = delivery("URGENT", "2026-04-03T16:50", "SIGNED", "2026-04-07T08:45");
        delivery("URGENT", "2026-04-03T16:50", "SIGNED", "2026-04-07T09:00");
        delivery("EXTRA_URGENT", "2026-04-08T11:40", "SIGNED", "2026-04-08T13:45");
        delivery("NORMAL", "2026-04-09T10:00", "SIGNED", "2026-04-10T17:00");
        delivery("NORMAL", "2026-04-10T16:00", "RETURNED", "2026-04-13T09:00");
        delivery("URGENT", "2026-04-13T09:00", null, null);
        delivery("EXTRA_URGENT", "2026-04-14T10:00", "RECALLED", "2026-04-14T10:10");
        delivery("NORMAL", "2026-04-29T17:00", null, null);
        // February: Saturday 14th is a make-up working day, so 16:50 Friday + 1 h is due Saturday 08:50
        delivery("URGENT", "2026-02-13T16:50", "SIGNED", "2026-02-14T08:45");

        // CMB-HZ: one normal document signed within the hour, every half-day checked in twice
        String doc = histories.sentDocument(
                "ZJBRC-OFFICE", "BUREAU_DOC", "浙银监发〔2026〕900号", "通知", "NORMAL", at("2026-04-01T09:00"));
        long d = histories.deliver(doc, "CMB-HZ", at("2026-04-01T09:00"));
        histories.event(d, "SIGNED", "sup-cmb-a", at("2026-04-01T10:00"), null);

        for (LocalDate day = LocalDate.of(2026, 4, 1); !day.isAfter(LocalDate.of(2026, 4, 30)); day = day.plusDays(1)) {
            for (String time : List.of("08:40", "10:30", "14:00", "16:30")) {
                Instant t = day.atTime(java.time.LocalTime.parse(time))
                        .atZone(CHINA)
                        .toInstant();
                histories.checkIn("CMB-HZ", "sup-cmb-a", t);
                boolean skip = (day.getDayOfMonth() == 3 && time.equals("16:30"))
                        || (day.getDayOfMonth() == 7 && time.compareTo("12:00") < 0);
                if (!skip) {
                    histories.checkIn("ICBC-ZJ", "sup-icbc-a", t);
                }
            }
        }
        // a seal loss report of ICBC-ZJ in April
        jdbc.update(
                "INSERT INTO seal (seal_id, unit_code, name, source, image_png, image_width_mm, state, holding,"
                        + " custodian, requested_by, requested_at) VALUES ('SUP-1', 'ICBC-ZJ', '测试章', 'DRAWN', ?, 40,"
                        + " 'REVOKED', 'SERVER', 'sup-icbc-a', 'sup-icbc-a', ?)",
                new byte[] {1},
                at("2026-03-01T10:00").atOffset(ZoneOffset.UTC));
        jdbc.update(
                "INSERT INTO seal_incident (seal_id, kind, reason, handling, measures, reported_by, reported_at)"
                        + " VALUES ('SUP-1', 'LOSS', 'U盘遗失', '已吊销', '加强管理', 'sup-icbc-a', ?)",
                at("2026-04-16T10:00").atOffset(ZoneOffset.UTC));
    }

    long delivery(String urgency, String deliveredAt, String answer, String answeredAt) {
        String doc = histories.sentDocument(
                "ZJBRC-OFFICE",
                "BUREAU_DOC",
                "浙银监发〔2026〕" + (++numbers) + "号",
                "关于" + deliveredAt + "的通知",
                urgency,
                at(deliveredAt));
        long id = histories.deliver(doc, "ICBC-ZJ", at(deliveredAt));
        if (answer != null) {
            histories.event(id, answer, "sup-icbc-a", at(answeredAt), answer.equals("RETURNED") ? "附件缺失" : null);
        }
        return id;
    }

    @Test
    void figuresMatchTheHandComputedFixture() {
        UnitFigures f = as(office, () -> supervising.unit(office, "ICBC-ZJ", APRIL));
        assertThat(f.delivered()).isEqualTo(8);
        assertThat(f.signed()).isEqualTo(4);
        assertThat(f.averageToSign()).isEqualTo(Duration.ofMinutes(235));
        assertThat(f.p90ToSign()).isEqualTo(Duration.ofMinutes(780));
        assertThat(f.overdue()).isEqualTo(3);
        assertThat(f.returnsMade()).isEqualTo(1);
        assertThat(f.returnedToUnit()).isZero();
        assertThat(f.halfDaysRequired()).isEqualTo(41);
        assertThat(f.halfDaysCompliant()).isEqualTo(39);
        assertThat(f.sealIncidents()).isEqualTo(1);
        assertThat(f.staleRoster()).isFalse();

        // the unit sees the same figures for itself (第八条)
        UnitFigures own = as(icbc, () -> supervising.unit(icbc, null, APRIL));
        assertThat(own.overdue()).isEqualTo(3);
        assertThat(own.averageToSign()).isEqualTo(Duration.ofMinutes(235));
        assertThat(own.staleRoster()).isFalse();

        // the sender's side: one of its deliveries was returned in April
        UnitFigures sender = as(office, () -> supervising.unit(office, "ZJBRC-OFFICE", APRIL));
        assertThat(sender.returnedToUnit()).isEqualTo(1);
    }

    @Test
    void aMakeUpSaturdayCountsAsAWorkingDay() {
        List<MonthFigures> trend = as(
                icbc,
                () -> supervising.trend(icbc, "ICBC-ZJ", new Period(YearMonth.of(2026, 2), YearMonth.of(2026, 4))));
        assertThat(trend)
                .extracting(MonthFigures::month)
                .containsExactly(YearMonth.of(2026, 2), YearMonth.of(2026, 3), YearMonth.of(2026, 4));
        MonthFigures feb = trend.get(0);
        assertThat(feb.delivered()).isEqualTo(1);
        assertThat(feb.averageMinutes()).isEqualTo(55);
        assertThat(feb.overdue()).isZero();
        assertThat(trend.get(1).delivered()).isZero();
        assertThat(trend.get(2).overdue()).isEqualTo(3);
        assertThat(trend.get(2).averageMinutes()).isEqualTo(235);
    }

    @Test
    void aHolidayAddedLaterChangesTheFigures() {
        // make Tuesday 7 April a holiday: D1 and D2 now wait until Wednesday 08:50, both in time;
        // the signatures on the (now) holiday count no working time: 40 minutes each
        calendar.set(office, LocalDate.of(2026, 4, 7), CalendarDay.Kind.HOLIDAY, "测试假日");
        try {
            UnitFigures f = as(office, () -> supervising.unit(office, "ICBC-ZJ", APRIL));
            assertThat(f.overdue()).isEqualTo(2);
            assertThat(f.averageToSign())
                    .isEqualTo(Duration.ofMinutes(40 + 40 + 35 + 780).dividedBy(4));
            assertThat(f.halfDaysRequired()).isEqualTo(39);
            assertThat(f.halfDaysCompliant()).isEqualTo(38);
        } finally {
            calendar.remove(office, LocalDate.of(2026, 4, 7));
        }
        assertThat(as(office, () -> supervising.unit(office, "ICBC-ZJ", APRIL)).overdue())
                .isEqualTo(3);
    }

    @Test
    void rankingAndReportPraiseAndCriticise() {
        List<UnitFigures> ranking = as(office, () -> supervising.ranking(office, APRIL));
        List<String> order = ranking.stream().map(UnitFigures::unitCode).toList();
        assertThat(order).doesNotContain("ZJBRC"); // the regulator itself is not supervised
        assertThat(order.indexOf("CMB-HZ")).isLessThan(order.indexOf("ICBC-ZJ"));
        assertThat(ranking.get(order.indexOf("CMB-HZ")).rank()).isEqualTo(order.indexOf("CMB-HZ") + 1);

        Report report = as(office, () -> supervising.report(office, APRIL));
        assertThat(report.praise())
                .extracting(e -> e.unit().unitCode())
                .contains("CMB-HZ")
                .doesNotContain("ICBC-ZJ");
        Report.Entry icbcEntry = report.criticism().stream()
                .filter(e -> e.unit().unitCode().equals("ICBC-ZJ"))
                .findFirst()
                .orElseThrow();
        assertThat(icbcEntry.reasons())
                .containsExactly(new Report.Reason("overdue", "3"), new Report.Reason("sealIncident", "1"));
        Report.Entry law = report.criticism().stream()
                .filter(e -> e.unit().unitCode().equals("ZJBRC-LAW"))
                .findFirst()
                .orElseThrow();
        assertThat(law.reasons())
                .containsExactly(new Report.Reason("checkIn", "0.0%"), new Report.Reason("staleRoster", ""));
    }

    @Test
    void reportFilesOpen() throws Exception {
        byte[] xlsx = mvc.perform(get("/supervision/report/export")
                        .param("from", "2026-04")
                        .param("to", "2026-04")
                        .param("format", "xlsx")
                        .with(web(office)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(book.getSheetAt(0).getSheetName()).isEqualTo("一、表扬");
            assertThat(book.getSheetAt(0).getRow(1).getCell(1).getStringCellValue())
                    .isEqualTo("招商银行杭州分行");
            var criticism = book.getSheetAt(1);
            boolean found = false;
            for (int r = 1; r <= criticism.getLastRowNum(); r++) {
                if (criticism.getRow(r).getCell(1).getStringCellValue().equals("中国工商银行浙江省分行")) {
                    assertThat(criticism.getRow(r).getCell(2).getStringCellValue())
                            .isEqualTo("超时未签收 3 件；电子印章遗失或损坏 1 次");
                    found = true;
                }
            }
            assertThat(found).isTrue();
        }
        byte[] pdf = mvc.perform(get("/supervision/report/export")
                        .param("from", "2026-04")
                        .param("to", "2026-04")
                        .param("format", "pdf")
                        .with(web(office)))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/pdf"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isPositive();
            assertThat(doc.getDocumentInformation().getTitle()).contains("2026-04");
        }
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE event_type = 'SUPERVISION_REPORT_EXPORTED' AND actor = ?",
                        Integer.class,
                        office.username()))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aUnitSeesOnlyItsOwnFigures() throws Exception {
        assertThatThrownBy(() -> as(icbc, () -> supervising.unit(icbc, "CMB-HZ", APRIL)))
                .isInstanceOfSatisfying(
                        SupervisionRefused.class,
                        e -> assertThat(e.kind()).isEqualTo(SupervisionRefused.Kind.NOT_FOUND));
        assertThat(as(icbc, () -> supervising.ranking(icbc, APRIL)))
                .extracting(UnitFigures::unitCode)
                .containsExactly("ICBC-ZJ");
        mvc.perform(get("/supervision").param("unit", "CMB-HZ").with(web(icbc))).andExpect(status().isNotFound());
        mvc.perform(get("/supervision/data").param("unit", "CMB-HZ").with(web(icbc)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/supervision/data")
                        .param("from", "2026-04")
                        .param("to", "2026-04")
                        .with(web(icbc)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ranking.length()").value(1))
                .andExpect(jsonPath("$.ranking[0].unit").value("ICBC-ZJ"))
                .andExpect(jsonPath("$.trend[0].overdue").value(3));
        mvc.perform(get("/supervision/report").with(web(icbc))).andExpect(status().isForbidden());
        mvc.perform(get("/supervision/report/export").param("format", "pdf").with(web(icbc)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/supervision")
                        .param("from", "2026-04")
                        .param("to", "2026-04")
                        .with(web(icbc)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"unit-figures\"")))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("招商银行"))));
        SignedInUser auditor = user("sup-auditor", "ZJBRC", Role.AUDITOR);
        mvc.perform(get("/supervision").with(web(auditor))).andExpect(status().isForbidden());
        // bad periods are clear errors
        mvc.perform(get("/supervision").param("from", "2026-13").with(web(office)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/supervision")
                        .param("from", "2026-05")
                        .param("to", "2026-04")
                        .with(web(office)))
                .andExpect(status().isBadRequest());
        // the office page lists every unit and loads the chart code from files (CSP: no inline script)
        mvc.perform(get("/supervision")
                        .param("from", "2026-04")
                        .param("to", "2026-04")
                        .with(web(office)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("招商银行杭州分行")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("dist/echarts.min.js")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("data-chart=\"ranking\"")));
        mvc.perform(get("/webjars/echarts/dist/echarts.min.js").with(web(office)))
                .andExpect(status().isOk());
        mvc.perform(get("/js/supervision.js").with(web(office))).andExpect(status().isOk());
    }

    @Test
    void missingDueDatesAreFilledOnTheCalendar() {
        int filled = dueDates.fillMissing();
        assertThat(filled).isGreaterThanOrEqualTo(10);
        OffsetDateTime due = jdbc.queryForObject("SELECT due_at FROM delivery WHERE id = ?", OffsetDateTime.class, d1);
        assertThat(due.toInstant()).isEqualTo(at("2026-04-07T08:50"));
        assertThat(dueDates.fillMissing()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    SignedInUser user(String username, String unitCode, Role... roles) {
        long unitId = jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, unitCode);
        List<Long> ids = jdbc.queryForList("SELECT id FROM account WHERE username = ?", Long.class, username);
        long id = ids.isEmpty() ? new TestAccounts(jdbc).account(username, unitCode, roles) : ids.get(0);
        return new SignedInUser(id, username, "测试 " + username, unitId, unitCode, Set.of(roles));
    }

    static UsernamePasswordAuthenticationToken token(SignedInUser user) {
        return new UsernamePasswordAuthenticationToken(
                user,
                null,
                user.roles().stream()
                        .map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                        .toList());
    }

    static RequestPostProcessor web(SignedInUser user) {
        return SecurityMockMvcRequestPostProcessors.authentication(token(user));
    }

    /** Runs as the user, as a request would (the roster's stale list is for the office only). */
    static <T> T as(SignedInUser user, Supplier<T> action) {
        SecurityContextHolder.getContext().setAuthentication(token(user));
        try {
            return action.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
