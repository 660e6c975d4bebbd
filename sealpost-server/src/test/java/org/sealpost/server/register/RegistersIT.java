package org.sealpost.server.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.support.Histories;
import org.sealpost.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The registers (issue 7 part 1, 第十七条): for random event histories each unit's received and sent
 * registers — whole, filtered and paged — equal what the history implies, computed here
 * independently in plain Java; a unit never sees another unit's register (C02); exports quote
 * and defuse CSV and open as XLSX. Runs on H2 and on PostgreSQL.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class RegistersIT {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final List<String> UNITS = List.of("ICBC-ZJ", "CMB-HZ", "ZJBRC-OFFICE", "ZJBRC-LAW");
    static final List<String> TYPES = List.of("BUREAU_DOC", "OFFICE_DOC", "BULLETIN", "REPORT");
    static final List<String> TITLES = List.of(
            "关于报送2026年三季度数据的通知",
            "关于召开工作会议的通知, \"请准时参加\"",
            "=HYPERLINK(\"http://example.invalid\",\"点击\")",
            "+86 电话会议安排",
            "-1 调整事项",
            "@提醒 年报",
            "第一行\n第二行，含换行",
            "100%_完成情况_统计");

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Registers registers;

    Histories histories;
    Map<String, String> unitNames = new HashMap<>();

    @BeforeEach
    void setUp() {
        new TestAccounts(jdbc).standardUnits();
        histories = new Histories(jdbc);
        histories.clear();
        for (String u : UNITS) {
            unitNames.put(u, jdbc.queryForObject("SELECT name FROM unit WHERE code = ?", String.class, u));
        }
    }

    // ---------------------------------------------------------------- the model, independent of the SQL

    record Ev(String event, String actor, Instant at, String detail) {}

    static final class Doc {
        String id;
        String sender;
        String type;
        String docNo;
        String title;
        String urgency;
        Instant sentAt;
        final List<Ev> events = new ArrayList<>();
        final List<Del> deliveries = new ArrayList<>();
    }

    static final class Del {
        long id;
        Doc doc;
        String unit;
        Instant at;
        final List<Ev> events = new ArrayList<>();
    }

    ReceivedEntry expected(Del d) {
        String state = null;
        Instant readAt = null;
        Instant signedAt = null;
        String signedBy = null;
        Instant returnedAt = null;
        String reason = null;
        int copies = 0;
        for (Ev e : d.events) {
            switch (e.event()) {
                case "DELIVERED",
                        "SIGNED",
                        "RETURNED",
                        "DOWNLOADED",
                        "ARCHIVED",
                        "RECALLED",
                        "VOIDED",
                        "DESTRUCTION_CONFIRMED" -> state = e.event();
                case "PRINTED", "GREY_PRINTED" -> {
                    state = "PRINTED";
                    copies++;
                }
                default -> {}
            }
            if (e.event().equals("READ") && readAt == null) {
                readAt = e.at();
            }
            if (e.event().equals("SIGNED") && signedAt == null) {
                signedAt = e.at();
                signedBy = e.actor();
            }
            if (e.event().equals("RETURNED") && returnedAt == null) {
                returnedAt = e.at();
                reason = e.detail();
            }
        }
        Doc doc = d.doc;
        return new ReceivedEntry(
                d.id,
                d.unit,
                doc.id,
                d.at,
                doc.sender,
                unitNames.get(doc.sender),
                doc.type,
                doc.docNo,
                doc.title,
                doc.urgency,
                state,
                readAt,
                signedAt,
                signedBy,
                copies,
                returnedAt,
                reason);
    }

    static SentEntry expected(Doc doc) {
        String state = null;
        for (Ev e : doc.events) {
            if (Set.of("SENT", "RECALLED", "VOIDED").contains(e.event())) {
                state = e.event();
            }
        }
        int signed = 0;
        int returned = 0;
        for (Del d : doc.deliveries) {
            if (d.events.stream().anyMatch(e -> e.event().equals("SIGNED"))) {
                signed++;
            }
            if (d.events.stream().anyMatch(e -> e.event().equals("RETURNED"))) {
                returned++;
            }
        }
        return new SentEntry(
                doc.id,
                doc.sender,
                doc.sentAt,
                doc.type,
                doc.docNo,
                doc.title,
                doc.urgency,
                doc.deliveries.size(),
                signed,
                returned,
                state);
    }

    /** Random but valid histories along the V50 state machines, written through the fixture writer. */
    List<Doc> randomHistories(Random random, int documents) {
        List<Doc> docs = new ArrayList<>();
        Instant start = LocalDateTime.parse("2026-01-01T00:00").atZone(CHINA).toInstant();
        for (int n = 0; n < documents; n++) {
            Doc doc = new Doc();
            doc.sender = UNITS.get(random.nextInt(UNITS.size()));
            doc.type = TYPES.get(random.nextInt(TYPES.size()));
            doc.docNo = "浙银监发〔2026〕" + (n + 1) + "号";
            doc.title = TITLES.get(random.nextInt(TITLES.size()));
            doc.urgency = List.of("NORMAL", "URGENT", "EXTRA_URGENT").get(random.nextInt(3));
            doc.sentAt = start.plusSeconds(random.nextInt(330 * 24 * 3600));
            doc.id = histories.sentDocument(doc.sender, doc.type, doc.docNo, doc.title, doc.urgency, doc.sentAt);
            doc.events.add(new Ev("DRAFTED", "drafter", doc.sentAt.minusSeconds(3600), null));
            doc.events.add(new Ev("SENT", "sender", doc.sentAt, null));
            for (String unit : UNITS) {
                if (unit.equals(doc.sender) || random.nextInt(3) == 0) {
                    continue;
                }
                Del d = new Del();
                d.doc = doc;
                d.unit = unit;
                d.at = doc.sentAt.plusSeconds(1 + random.nextInt(5));
                d.id = histories.deliver(doc.id, unit, d.at);
                d.events.add(new Ev("DELIVERED", "system", d.at, null));
                doc.deliveries.add(d);
                Instant[] t = {d.at};
                java.util.function.BiConsumer<String, String> add = (event, detail) -> {
                    t[0] = t[0].plusSeconds(60 + random.nextInt(7200));
                    String actor = unit.toLowerCase() + "-op" + random.nextInt(2);
                    histories.event(d.id, event, actor, t[0], detail);
                    d.events.add(new Ev(event, actor, t[0], detail));
                };
                if (random.nextInt(10) < 6) {
                    add.accept("READ", null);
                }
                if (random.nextInt(10) < 2) {
                    add.accept("REMINDED", null);
                }
                int fate = random.nextInt(20);
                if (fate < 3) {
                    add.accept("RETURNED", "格式不符, \"附件\"缺失\n请重发");
                } else if (fate < 5) {
                    add.accept("RECALLED", "发错");
                } else if (fate < 9) {
                    // still waiting for a signature
                } else {
                    add.accept("SIGNED", null);
                    int steps = random.nextInt(4);
                    for (int s = 0; s < steps; s++) {
                        switch (random.nextInt(6)) {
                            case 0 -> {
                                add.accept("PRINT_ISSUED", "1");
                                add.accept("PRINTED", "1");
                            }
                            case 1 -> {
                                add.accept("PRINT_ISSUED", "2");
                                add.accept("PRINT_FAILED", "paper jam");
                            }
                            case 2 -> add.accept("GREY_PRINTED", null);
                            case 3 -> add.accept("DOWNLOADED", null);
                            case 4 -> add.accept("ARCHIVED", null);
                            default -> add.accept("COPIES_GRANTED", "2");
                        }
                    }
                    if (random.nextInt(7) == 0) {
                        add.accept("VOIDED", "作废");
                        if (random.nextBoolean()) {
                            add.accept("DESTRUCTION_CONFIRMED", null);
                        }
                    }
                }
            }
            int docFate = random.nextInt(20);
            Instant later = doc.sentAt.plusSeconds(86_400);
            if (docFate == 0) {
                histories.documentEvent(doc.id, "RECALLED", "sender", later, "recall");
                doc.events.add(new Ev("RECALLED", "sender", later, "recall"));
            } else if (docFate == 1) {
                histories.documentEvent(doc.id, "VOIDED", "sender", later, "void");
                doc.events.add(new Ev("VOIDED", "sender", later, "void"));
            } else if (docFate < 4) {
                histories.documentEvent(doc.id, "SUPPLEMENTED", "sender", later, null);
                doc.events.add(new Ev("SUPPLEMENTED", "sender", later, null));
            }
            docs.add(doc);
        }
        return docs;
    }

    // ---------------------------------------------------------------- properties

    @Test
    void registersEqualWhatRandomHistoriesImply() {
        for (long seed : new long[] {7, 20261127, 424242}) {
            histories.clear();
            Random random = new Random(seed);
            List<Doc> docs = randomHistories(random, 40);
            List<Del> deliveries =
                    docs.stream().flatMap(d -> d.deliveries.stream()).toList();
            SignedInUser office = user("reg-office", "ZJBRC-OFFICE", Role.OFFICE_STAFF);

            for (String unit : UNITS) {
                SignedInUser own = user("reg-op-" + unit.toLowerCase(), unit, Role.OPERATOR_A);
                List<ReceivedEntry> expectReceived = receivedOrder(
                        deliveries.stream().filter(d -> d.unit.equals(unit)).map(this::expected));
                assertThat(allReceived(own, RegisterFilter.of(null), 500))
                        .as("received register of %s, seed %s", unit, seed)
                        .isEqualTo(expectReceived);
                // paging through small pages gives the same list
                assertThat(allReceived(own, RegisterFilter.of(null), 7)).isEqualTo(expectReceived);
                // the office sees the same register
                assertThat(allReceived(office, RegisterFilter.of(unit), 500)).isEqualTo(expectReceived);

                List<SentEntry> expectSent = sentOrder(
                        docs.stream().filter(d -> d.sender.equals(unit)).map(RegistersIT::expected));
                assertThat(allSent(own, RegisterFilter.of(null), 500))
                        .as("sent register of %s, seed %s", unit, seed)
                        .isEqualTo(expectSent);
                assertThat(allSent(own, RegisterFilter.of(null), 3)).isEqualTo(expectSent);
            }
            assertThat(allReceived(office, RegisterFilter.of(RegisterFilter.ALL_UNITS), 500))
                    .isEqualTo(receivedOrder(deliveries.stream().map(this::expected)));

            // random searches against the same searches in plain Java
            for (int i = 0; i < 25; i++) {
                String unit = UNITS.get(random.nextInt(UNITS.size()));
                SignedInUser own = user("reg-op-" + unit.toLowerCase(), unit, Role.OPERATOR_A);
                LocalDate from = random.nextBoolean() ? LocalDate.of(2026, 1 + random.nextInt(11), 1) : null;
                LocalDate to = random.nextBoolean() ? LocalDate.of(2026, 6 + random.nextInt(6), 15) : null;
                if (from != null && to != null && to.isBefore(from)) {
                    LocalDate swap = from;
                    from = to;
                    to = swap;
                }
                String type = random.nextInt(3) == 0 ? TYPES.get(random.nextInt(TYPES.size())) : null;
                String number = random.nextInt(4) == 0 ? "〔2026〕1" : null;
                String title = random.nextInt(3) == 0
                        ? List.of("通知", "\"", "%_", "第二行").get(random.nextInt(4))
                        : null;
                String counterpart = random.nextInt(3) == 0
                        ? (random.nextBoolean() ? UNITS.get(random.nextInt(UNITS.size())) : "银行")
                        : null;
                String receivedState = random.nextInt(3) == 0
                        ? RegisterState.DELIVERY_STATES.get(random.nextInt(RegisterState.DELIVERY_STATES.size()))
                        : null;
                String sentState = random.nextInt(3) == 0
                        ? List.of("SENT", "RECALLED", "VOIDED").get(random.nextInt(3))
                        : null;
                LocalDate f = from;
                LocalDate t = to;
                Predicate<Instant> inRange = at -> (f == null
                                || !at.isBefore(f.atStartOfDay(CHINA).toInstant()))
                        && (t == null
                                || at.isBefore(t.plusDays(1).atStartOfDay(CHINA).toInstant()));
                Predicate<Doc> common = d -> (type == null || d.type.equals(type))
                        && (number == null || d.docNo.contains(number))
                        && (title == null || d.title.contains(title));

                List<ReceivedEntry> wantReceived = receivedOrder(deliveries.stream()
                        .filter(d -> d.unit.equals(unit) && inRange.test(d.at) && common.test(d.doc))
                        .filter(d -> counterpart == null
                                || d.doc.sender.equals(counterpart)
                                || unitNames.get(d.doc.sender).contains(counterpart))
                        .map(this::expected)
                        .filter(e -> receivedState == null || receivedState.equals(e.state())));
                RegisterFilter rf = new RegisterFilter(null, from, to, type, number, title, counterpart, receivedState);
                assertThat(allReceived(own, rf, 500)).as("search %s", rf).isEqualTo(wantReceived);

                List<SentEntry> wantSent = sentOrder(docs.stream()
                        .filter(d -> d.sender.equals(unit) && inRange.test(d.sentAt) && common.test(d))
                        .filter(d -> counterpart == null
                                || d.deliveries.stream()
                                        .anyMatch(x -> x.unit.equals(counterpart)
                                                || unitNames.get(x.unit).contains(counterpart)))
                        .map(RegistersIT::expected)
                        .filter(e -> sentState == null || sentState.equals(e.state())));
                RegisterFilter sf = new RegisterFilter(null, from, to, type, number, title, counterpart, sentState);
                assertThat(allSent(own, sf, 500)).as("search %s", sf).isEqualTo(wantSent);
            }
        }
    }

    static List<ReceivedEntry> receivedOrder(java.util.stream.Stream<ReceivedEntry> entries) {
        return entries.sorted(Comparator.comparing(ReceivedEntry::deliveredAt)
                        .thenComparing(ReceivedEntry::deliveryId)
                        .reversed())
                .toList();
    }

    static List<SentEntry> sentOrder(java.util.stream.Stream<SentEntry> entries) {
        return entries.sorted(Comparator.comparing(SentEntry::sentAt).reversed().thenComparing(SentEntry::documentId))
                .toList();
    }

    List<ReceivedEntry> allReceived(SignedInUser user, RegisterFilter filter, int limit) {
        List<ReceivedEntry> all = new ArrayList<>();
        Integer offset = 0;
        while (offset != null) {
            RegisterPage<ReceivedEntry> page = registers.received(user, filter, offset, limit);
            all.addAll(page.items());
            offset = page.nextOffset();
        }
        return all;
    }

    List<SentEntry> allSent(SignedInUser user, RegisterFilter filter, int limit) {
        List<SentEntry> all = new ArrayList<>();
        Integer offset = 0;
        while (offset != null) {
            RegisterPage<SentEntry> page = registers.sent(user, filter, offset, limit);
            all.addAll(page.items());
            offset = page.nextOffset();
        }
        return all;
    }

    // ---------------------------------------------------------------- isolation (C02)

    @Test
    void aUnitNeverSeesAnotherUnitsRegister() throws Exception {
        randomHistories(new Random(3), 12);
        SignedInUser icbc = user("reg-icbc-a", "ICBC-ZJ", Role.OPERATOR_A);
        SignedInUser leader = user("reg-icbc-leader", "ICBC-ZJ", Role.UNIT_LEADER);
        SignedInUser office = user("reg-office-dir", "ZJBRC-OFFICE", Role.OFFICE_DIRECTOR);

        assertThat(allReceived(icbc, RegisterFilter.of(null), 500))
                .allMatch(e -> e.unitCode().equals("ICBC-ZJ"));
        assertThat(allSent(leader, RegisterFilter.of(null), 500))
                .allMatch(e -> e.senderUnit().equals("ICBC-ZJ"));
        for (String other : List.of("CMB-HZ", RegisterFilter.ALL_UNITS, "NO-SUCH-UNIT")) {
            assertThatThrownBy(() -> registers.received(icbc, RegisterFilter.of(other), 0, 10))
                    .isInstanceOfSatisfying(
                            RegisterRefused.class, e -> assertThat(e.kind()).isEqualTo(RegisterRefused.Kind.NOT_FOUND));
            mvc.perform(get("/registers/received").param("unit", other).with(as(icbc)))
                    .andExpect(status().isNotFound());
            mvc.perform(get("/registers/sent/export")
                            .param("unit", other)
                            .param("format", "csv")
                            .with(as(icbc)))
                    .andExpect(status().isNotFound());
            mvc.perform(get("/api/v1/registers/received").param("unit", other).with(as(icbc)))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value("register.notFound"));
        }
        // an unknown unit is "not found" for the office too; a real one is readable
        mvc.perform(get("/api/v1/registers/received")
                        .param("unit", "NO-SUCH-UNIT")
                        .with(as(office)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/registers/received").param("unit", "CMB-HZ").with(as(office)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].unitCode")
                        .value(org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("CMB-HZ"))));
        // the three separated duties and the unit admin read no register
        for (Role role : List.of(Role.AUDITOR, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.UNIT_ADMIN)) {
            SignedInUser u =
                    user("reg-" + role.name().toLowerCase(), role == Role.UNIT_ADMIN ? "ICBC-ZJ" : "ZJBRC", role);
            mvc.perform(get("/registers/received").with(as(u))).andExpect(status().isForbidden());
            mvc.perform(get("/api/v1/registers/sent").with(as(u)))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.code").value("register.forbidden"));
        }
        // no export was recorded for any refused request
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE event_type = 'REGISTER_EXPORTED' AND actor = ?",
                        Integer.class,
                        icbc.username()))
                .isZero();
    }

    @Test
    void badSearchesAreClearErrors() throws Exception {
        SignedInUser icbc = user("reg-icbc-bad", "ICBC-ZJ", Role.OPERATOR_A);
        mvc.perform(get("/api/v1/registers/received")
                        .param("from", "2026-05-01")
                        .param("to", "2026-04-01")
                        .with(as(icbc)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("register.range"));
        mvc.perform(get("/api/v1/registers/received").param("limit", "501").with(as(icbc)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("register.page"));
        mvc.perform(get("/api/v1/registers/sent")
                        .param("title", "长".repeat(201))
                        .with(as(icbc)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("register.tooLong"));
        mvc.perform(get("/registers/received/export").param("format", "doc").with(as(icbc)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/registers/elsewhere").with(as(icbc))).andExpect(status().isNotFound());
    }

    // ---------------------------------------------------------------- exports

    @Test
    void csvExportQuotesAndDefusesAndMatchesTheRegister() throws Exception {
        List<Doc> docs = randomHistories(new Random(11), 30);
        SignedInUser icbc = user("reg-icbc-csv", "ICBC-ZJ", Role.OPERATOR_B);
        byte[] body = mvc.perform(
                        get("/registers/received/export").param("format", "csv").with(as(icbc)))
                .andExpect(status().isOk())
                .andExpect(content().contentType("text/csv;charset=UTF-8"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(body[0] & 0xff).isEqualTo(0xEF); // UTF-8 byte-order mark for Excel
        List<List<String>> rows = Csv.parse(new String(body, 3, body.length - 3, StandardCharsets.UTF_8));
        assertThat(rows.get(0)).first().isEqualTo("收文时间");
        List<ReceivedEntry> register = allReceived(icbc, RegisterFilter.of(null), 500);
        assertThat(rows).hasSize(register.size() + 1);
        for (int i = 0; i < register.size(); i++) {
            ReceivedEntry e = register.get(i);
            List<String> row = rows.get(i + 1);
            assertThat(row).hasSize(Registers.RECEIVED_TITLES.size());
            String title = e.title();
            String expectedTitle = "=+-@".indexOf(title.charAt(0)) >= 0 ? "'" + title : title;
            assertThat(row.get(5)).isEqualTo(expectedTitle);
            assertThat(row.get(7)).isEqualTo(e.state());
            assertThat(row.get(11)).isEqualTo(String.valueOf(e.copiesPrinted()));
            assertThat(row.get(13)).isEqualTo(e.returnReason() == null ? "" : e.returnReason());
        }
        // every tricky title made it through: commas, quotes, newlines, and defused formulas
        List<String> titles = rows.stream().skip(1).map(r -> r.get(5)).toList();
        assertThat(titles).doesNotContain("=HYPERLINK(\"http://example.invalid\",\"点击\")");
        assertThat(titles.stream()
                        .filter(t -> t.startsWith("=") || t.startsWith("+") || t.startsWith("-") || t.startsWith("@")))
                .isEmpty();
        assertThat(docs).isNotEmpty();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_event WHERE event_type = 'REGISTER_EXPORTED' AND actor = ?",
                        Integer.class,
                        "reg-icbc-csv"))
                .isEqualTo(1);
    }

    @Test
    void xlsxExportOpensWithPoiAndHoldsTheRegister() throws Exception {
        randomHistories(new Random(12), 30);
        SignedInUser office = user("reg-office-xlsx", "ZJBRC-OFFICE", Role.OFFICE_STAFF);
        byte[] body = mvc.perform(get("/registers/sent/export")
                        .param("format", "xlsx")
                        .param("unit", "*")
                        .param("lang", "en")
                        .with(as(office)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        List<SentEntry> register = allSent(office, RegisterFilter.of(RegisterFilter.ALL_UNITS), 500);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(body))) {
            Sheet sheet = book.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Sent");
            assertThat(sheet.getLastRowNum()).isEqualTo(register.size());
            for (int i = 0; i < register.size(); i++) {
                SentEntry e = register.get(i);
                Row row = sheet.getRow(i + 1);
                Cell sent = row.getCell(0);
                assertThat(sent.getCellType()).isEqualTo(CellType.NUMERIC);
                assertThat(DateUtil.isCellDateFormatted(sent)).isTrue();
                assertThat(sent.getLocalDateTimeCellValue()).isEqualTo(LocalDateTime.ofInstant(e.sentAt(), CHINA));
                assertThat(row.getCell(1).getStringCellValue()).isEqualTo(e.senderUnit());
                String title = e.title();
                assertThat(row.getCell(4).getStringCellValue())
                        .isEqualTo("=+-@".indexOf(title.charAt(0)) >= 0 ? "'" + title : title);
                assertThat(row.getCell(4).getCellType()).isEqualTo(CellType.STRING);
                assertThat((int) row.getCell(6).getNumericCellValue()).isEqualTo(e.recipients());
                assertThat((int) row.getCell(7).getNumericCellValue()).isEqualTo(e.signed());
                assertThat(row.getCell(9).getStringCellValue()).isEqualTo(e.state());
            }
        }
    }

    @Test
    void pagesAndPrintViewRender() throws Exception {
        randomHistories(new Random(13), 10);
        SignedInUser icbc = user("reg-icbc-page", "ICBC-ZJ", Role.OPERATOR_A);
        mvc.perform(get("/registers/received").with(as(icbc)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("收文登记簿（ICBC-ZJ）")));
        mvc.perform(get("/registers/sent/print").param("lang", "en").with(as(icbc)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("print-view")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Sent register (ICBC-ZJ)")));
        SignedInUser office = user("reg-office-page", "ZJBRC-OFFICE", Role.OFFICE_STAFF);
        mvc.perform(get("/registers/received").param("unit", "*").with(as(office)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("全部单位")));
    }

    // ---------------------------------------------------------------- helpers

    SignedInUser user(String username, String unitCode, Role... roles) {
        long unitId = jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, unitCode);
        List<Long> ids = jdbc.queryForList("SELECT id FROM account WHERE username = ?", Long.class, username);
        long id = ids.isEmpty() ? new TestAccounts(jdbc).account(username, unitCode, roles) : ids.get(0);
        return new SignedInUser(id, username, "测试 " + username, unitId, unitCode, Set.of(roles));
    }

    static RequestPostProcessor as(SignedInUser user) {
        var authorities = user.roles().stream()
                .map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                .toList();
        return SecurityMockMvcRequestPostProcessors.authentication(
                new UsernamePasswordAuthenticationToken(user, null, authorities));
    }

    /** A small RFC 4180 reader, written for the test (quoted fields, doubled quotes, CRLF and bare LF inside quotes). */
    static final class Csv {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    i++;
                } else {
                    field.append(c);
                }
            }
            if (field.length() > 0 || !row.isEmpty()) {
                row.add(field.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
