package org.sealpost.server.unit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Demo data ({@code sealpost.demo.enabled}): the units of {@code demo/demo-units.csv} (their codes
 * are the contract the CLI and API use), a custom recipient group, and a generated roster and
 * contacts for each unit. Idempotent: a unit that exists is left as it is, so a restart keeps
 * every change made through the application and adds nothing twice.
 */
@Component
@Order(10)
@ConditionalOnBooleanProperty("sealpost.demo.enabled")
class DemoUnitsLoader implements ApplicationRunner {

    static final String UNITS_CSV = "demo/demo-units.csv";
    static final String DEMO_GROUP = "HQ-BANKS";

    private static final Logger log = LoggerFactory.getLogger(DemoUnitsLoader.class);

    record DemoUnit(String code, String name, UnitCategory category, String parentCode, String nameEn) {}

    private final JdbcTemplate jdbc;
    private final RosterStore rosters;
    private final RecipientGroupStore groups;
    private final Clock clock;

    DemoUnitsLoader(JdbcTemplate jdbc, RosterStore rosters, RecipientGroupStore groups, Clock clock) {
        this.jdbc = jdbc;
        this.rosters = rosters;
        this.groups = groups;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        Instant now = clock.instant();
        int added = 0;
        int index = 0;
        for (DemoUnit unit : demoUnits()) {
            index++;
            Integer present =
                    jdbc.queryForObject("SELECT count(*) FROM unit WHERE code = ?", Integer.class, unit.code());
            if (present != null && present > 0) {
                continue;
            }
            jdbc.update(
                    "INSERT INTO unit (code, name, name_en, category, parent_id, roster_confirmed_at, created_at)"
                            + " VALUES (?, ?, ?, ?, (SELECT id FROM unit WHERE code = ?), ?, ?)",
                    unit.code(),
                    unit.name(),
                    unit.nameEn(),
                    unit.category().name(),
                    unit.parentCode(),
                    confirmedAt(index, now) == null ? null : RecipientGroupStore.at(confirmedAt(index, now)),
                    RecipientGroupStore.at(now));
            long id = jdbc.queryForObject("SELECT id FROM unit WHERE code = ?", Long.class, unit.code());
            DemoRosters people = new DemoRosters(unit.code());
            rosters.saveEntries(id, people.roster());
            rosters.saveContacts(id, people.contacts());
            added++;
        }
        if (!groups.codeTaken(DEMO_GROUP)) {
            List<Long> members = jdbc.queryForList(
                    "SELECT id FROM unit WHERE code IN ('CZB', 'HZB', 'WZB', 'TZB', 'TLB', 'MTB', 'CZCB', 'ZJRCU')"
                            + " ORDER BY code",
                    Long.class);
            groups.insertCustom(
                    DEMO_GROUP, "辖内法人银行机构", "Locally incorporated banks", "总部设在浙江的法人银行", members, "demo", now);
        }
        if (added > 0) {
            log.info("Demo data: added {} units with roster and contacts", added);
        }
    }

    /**
     * Most rosters were confirmed within the last month; every seventh a good half-year ago and
     * every eleventh never, so the regulator office's overdue list has something on it.
     */
    static Instant confirmedAt(int index, Instant now) {
        if (index % 11 == 0) {
            return null;
        }
        if (index % 7 == 0) {
            return now.minus(Duration.ofDays(120 + index));
        }
        return now.minus(Duration.ofDays(index % 30));
    }

    static List<DemoUnit> demoUnits() {
        List<DemoUnit> units = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(new ClassPathResource(UNITS_CSV).getInputStream(), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                units.add(new DemoUnit(
                        f[0].strip(),
                        f[1].strip(),
                        UnitCategory.valueOf(f[2].strip()),
                        f[3].isBlank() ? null : f[3].strip(),
                        f.length > 4 && !f[4].isBlank() ? f[4].strip() : null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + UNITS_CSV, e);
        }
        return units;
    }
}
