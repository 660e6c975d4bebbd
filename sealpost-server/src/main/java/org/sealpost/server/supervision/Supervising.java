package org.sealpost.server.supervision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.calendar.CalendarProperties;
import org.sealpost.server.calendar.SignDeadlines;
import org.sealpost.server.calendar.WorkingCalendar;
import org.sealpost.server.calendar.WorkingTime;
import org.sealpost.server.seal.SealRegister;
import org.sealpost.server.unit.StaleRoster;
import org.sealpost.server.unit.UnitCategory;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitException;
import org.sealpost.server.unit.UnitRef;
import org.sealpost.server.unit.ViewingRoster;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Supervision figures (第二十八条, 第八条), computed at query time from the delivery events, the
 * check-ins, the roster and the seal register, on today's working-day calendar: the regulator
 * office sees every unit (ranking, trends, report), each unit its own figures.
 *
 * <p>Units supervised: every active unit but the regulator itself (its departments included).
 */
@Service
public class Supervising {

    private final JdbcTemplate jdbc;
    private final WorkingCalendar calendar;
    private final SignDeadlines deadlines;
    private final UnitDirectory units;
    private final ViewingRoster rosters;
    private final SealRegister seals;
    private final SupervisionProperties properties;
    private final ZoneId zone;
    private final LocalTime middayEnd;
    private final LocalTime dayEnd;
    private final Clock clock;

    Supervising(
            JdbcTemplate jdbc,
            WorkingCalendar calendar,
            SignDeadlines deadlines,
            UnitDirectory units,
            ViewingRoster rosters,
            SealRegister seals,
            SupervisionProperties properties,
            CalendarProperties calendarProperties,
            Clock clock) {
        this.jdbc = jdbc;
        this.calendar = calendar;
        this.deadlines = deadlines;
        this.units = units;
        this.rosters = rosters;
        this.seals = seals;
        this.properties = properties;
        this.zone = calendarProperties.zone();
        List<WorkingTime.Period> periods = calendarProperties.periods().stream()
                .sorted(Comparator.comparing(WorkingTime.Period::start))
                .toList();
        this.middayEnd = periods.get(0).end();
        this.dayEnd = periods.get(periods.size() - 1).end();
        this.clock = clock;
    }

    public static boolean seesAllUnits(SignedInUser user) {
        return user.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR);
    }

    public static boolean seesOwnFigures(SignedInUser user) {
        return user.roles().stream().anyMatch(r -> !r.isSeparatedDuty());
    }

    /** Every supervised unit's figures in rank order (office); a unit gets a list with its own line. */
    public List<UnitFigures> ranking(SignedInUser user, Period period) {
        if (seesAllUnits(user)) {
            return rank(compute(period.start(zone), period.end(zone), null, true), true);
        }
        return List.of(unit(user, user.unitCode(), period));
    }

    /**
     * One unit's figures: the office any unit's, a unit its own.
     *
     * @throws SupervisionRefused NOT_FOUND for another unit or an unknown one, FORBIDDEN for the
     *     three separated duties
     */
    public UnitFigures unit(SignedInUser user, String unitCode, Period period) {
        String code = visibleUnit(user, unitCode);
        List<UnitFigures> one = compute(period.start(zone), period.end(zone), code, seesAllUnits(user));
        if (one.isEmpty()) {
            throw SupervisionRefused.notFound();
        }
        UnitFigures f = one.get(0);
        if (!seesAllUnits(user)) {
            f = withStale(f, ownRosterStale(user));
        }
        return f.ranked(0);
    }

    /** Month by month: one unit's (unitCode given) or, for the office, all units together (null). */
    public List<MonthFigures> trend(SignedInUser user, String unitCode, Period period) {
        String code = unitCode == null && seesAllUnits(user) ? null : visibleUnit(user, unitCode);
        List<MonthFigures> months = new ArrayList<>();
        for (YearMonth m : period.months()) {
            Period p = Period.month(m);
            Accumulator total = new Accumulator();
            for (Accumulator a : accumulate(p.start(zone), p.end(zone), code).values()) {
                total.add(a);
            }
            months.add(new MonthFigures(
                    m,
                    total.delivered,
                    total.signed,
                    minutes(total.average()),
                    minutes(total.percentile90()),
                    total.overdue,
                    total.returnsMade,
                    total.halfDaysRequired == 0 ? 1.0 : (double) total.halfDaysCompliant / total.halfDaysRequired));
        }
        return months;
    }

    /** The 通报: office only. */
    public Report report(SignedInUser user, Period period) {
        if (!seesAllUnits(user)) {
            throw SupervisionRefused.forbidden();
        }
        List<UnitFigures> all = ranking(user, period);
        List<Report.Entry> praise = new ArrayList<>();
        List<Report.Entry> criticism = new ArrayList<>();
        for (UnitFigures f : all) {
            List<Report.Reason> bad = new ArrayList<>();
            if (f.overdue() > 0) {
                bad.add(new Report.Reason("overdue", String.valueOf(f.overdue())));
            }
            if (f.compliance() < properties.criticiseBelowCompliance()) {
                bad.add(new Report.Reason("checkIn", percent(f.compliance())));
            }
            if (Boolean.TRUE.equals(f.staleRoster())) {
                bad.add(new Report.Reason("staleRoster", ""));
            }
            if (f.sealIncidents() > 0) {
                bad.add(new Report.Reason("sealIncident", String.valueOf(f.sealIncidents())));
            }
            if (!bad.isEmpty()) {
                criticism.add(new Report.Entry(f, bad));
            } else if (f.delivered() > 0 && f.compliance() >= properties.praiseMinCompliance()) {
                List<Report.Reason> good = new ArrayList<>();
                good.add(new Report.Reason("allInTime", String.valueOf(f.delivered())));
                good.add(new Report.Reason("checkInGood", percent(f.compliance())));
                if (f.averageToSign() != null) {
                    good.add(new Report.Reason("averageToSign", String.valueOf(f.averageMinutes())));
                }
                praise.add(new Report.Entry(f, good));
            }
        }
        return new Report(period, all, praise, criticism);
    }

    static String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", share * 100);
    }

    private String visibleUnit(SignedInUser user, String unitCode) {
        if (!seesOwnFigures(user)) {
            throw SupervisionRefused.forbidden();
        }
        String code = unitCode == null || unitCode.isBlank() ? user.unitCode() : unitCode.strip();
        if (!code.equals(user.unitCode()) && !seesAllUnits(user)) {
            throw SupervisionRefused.notFound();
        }
        if (units.findByCode(code).isEmpty()) {
            throw SupervisionRefused.notFound();
        }
        return code;
    }

    private Boolean ownRosterStale(SignedInUser user) {
        try {
            return rosters.view(user.unitCode(), user).stale();
        } catch (UnitException | org.springframework.security.access.AccessDeniedException e) {
            return null;
        }
    }

    private static UnitFigures withStale(UnitFigures f, Boolean stale) {
        return new UnitFigures(
                f.unitCode(),
                f.unitName(),
                f.delivered(),
                f.signed(),
                f.averageToSign(),
                f.p90ToSign(),
                f.overdue(),
                f.returnsMade(),
                f.returnedToUnit(),
                f.halfDaysRequired(),
                f.halfDaysCompliant(),
                stale,
                f.sealIncidents(),
                f.rank());
    }

    private static List<UnitFigures> rank(List<UnitFigures> figures, boolean rank) {
        List<UnitFigures> sorted = new ArrayList<>(figures);
        sorted.sort(Comparator.comparingDouble(UnitFigures::overdueRate)
                .thenComparing(
                        Comparator.comparingDouble(UnitFigures::compliance).reversed())
                .thenComparing(f -> f.averageToSign() == null ? Duration.ofDays(36_500) : f.averageToSign())
                .thenComparing(UnitFigures::unitCode));
        List<UnitFigures> ranked = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            ranked.add(rank ? sorted.get(i).ranked(i + 1) : sorted.get(i));
        }
        return ranked;
    }

    /** Figures of every supervised unit (or one) for {@code [from, to)}, with the office's roster view. */
    private List<UnitFigures> compute(Instant from, Instant to, String unitCode, boolean office) {
        Map<String, Accumulator> acc = accumulate(from, to, unitCode);
        Map<String, Instant> stale = new HashMap<>();
        Set<String> staleUnits = new java.util.HashSet<>();
        if (office) {
            for (StaleRoster s : rosters.stale()) {
                staleUnits.add(s.unit().code());
                stale.put(s.unit().code(), s.confirmedAt());
            }
        }
        Map<String, Integer> incidents = seals.incidentCounts(from, to);
        List<UnitFigures> out = new ArrayList<>();
        for (Map.Entry<String, Accumulator> e : acc.entrySet()) {
            Accumulator a = e.getValue();
            out.add(new UnitFigures(
                    e.getKey(),
                    a.name,
                    a.delivered,
                    a.signed,
                    a.average(),
                    a.percentile90(),
                    a.overdue,
                    a.returnsMade,
                    a.returnedToUnit,
                    a.halfDaysRequired,
                    a.halfDaysCompliant,
                    staleUnits.contains(e.getKey()),
                    incidents.getOrDefault(e.getKey(), 0),
                    0));
        }
        return out;
    }

    private Map<String, Accumulator> accumulate(Instant from, Instant to, String unitCode) {
        Map<String, Accumulator> acc = new LinkedHashMap<>();
        for (UnitRef u : units.all()) {
            if (u.category() == UnitCategory.REGULATOR && !u.code().equals(unitCode)) {
                continue;
            }
            if (unitCode == null || u.code().equals(unitCode)) {
                acc.put(u.code(), new Accumulator(u.name()));
            }
        }
        Instant now = clock.instant();
        OffsetDateTime f = from.atOffset(ZoneOffset.UTC);
        OffsetDateTime t = to.atOffset(ZoneOffset.UTC);
        String unitClause = unitCode == null ? "" : " AND d.unit_code = ?";
        Object[] args = unitCode == null ? new Object[] {f, t} : new Object[] {f, t, unitCode};
        jdbc.query(
                "SELECT d.unit_code, doc.urgency, d.delivered_at,"
                        + " (SELECT MIN(e.occurred_at) FROM delivery_event e WHERE e.delivery_id = d.id AND e.event = 'SIGNED'),"
                        + " (SELECT MIN(e.occurred_at) FROM delivery_event e WHERE e.delivery_id = d.id AND e.event = 'RETURNED'),"
                        + " (SELECT MIN(e.occurred_at) FROM delivery_event e WHERE e.delivery_id = d.id AND e.event = 'RECALLED')"
                        + " FROM delivery d JOIN document doc ON doc.id = d.document_id"
                        + " WHERE d.delivered_at >= ? AND d.delivered_at < ?" + unitClause,
                rs -> {
                    Accumulator a = acc.get(rs.getString(1));
                    if (a == null) {
                        return;
                    }
                    Instant delivered = instant(rs.getObject(3, OffsetDateTime.class));
                    Instant signed = instant(rs.getObject(4, OffsetDateTime.class));
                    Instant returned = instant(rs.getObject(5, OffsetDateTime.class));
                    Instant recalled = instant(rs.getObject(6, OffsetDateTime.class));
                    a.delivered++;
                    if (signed != null) {
                        a.signed++;
                        a.toSign.add(calendar.workingTimeBetween(delivered, signed));
                    }
                    if (returned != null) {
                        a.returnsMade++;
                    }
                    Instant answer = signed == null
                            ? returned
                            : returned == null || signed.isBefore(returned) ? signed : returned;
                    Instant due;
                    try {
                        due = deadlines.dueAt(delivered, rs.getString(2));
                    } catch (IllegalArgumentException e) {
                        due = deadlines.dueAt(delivered, "NORMAL");
                    }
                    boolean late = answer != null
                            ? answer.isAfter(due)
                            : now.isAfter(due) && (recalled == null || recalled.isAfter(due));
                    if (late) {
                        a.overdue++;
                    }
                },
                args);
        jdbc.query(
                "SELECT doc.sender_unit, COUNT(*) FROM delivery_event e JOIN document doc ON doc.id = e.document_id"
                        + " WHERE e.event = 'RETURNED' AND e.occurred_at >= ? AND e.occurred_at < ?"
                        + " GROUP BY doc.sender_unit",
                rs -> {
                    Accumulator a = acc.get(rs.getString(1));
                    if (a != null) {
                        a.returnedToUnit += rs.getInt(2);
                    }
                },
                f,
                t);
        checkIns(from, to, unitCode, acc, now);
        return acc;
    }

    /** 公告 三 / 第十五条: each working morning and afternoon that has ended, opened at least N times. */
    private void checkIns(Instant from, Instant to, String unitCode, Map<String, Accumulator> acc, Instant now) {
        Map<String, Map<LocalDate, int[]>> counts = new HashMap<>();
        String unitClause = unitCode == null ? "" : " AND unit_code = ?";
        Object[] args = unitCode == null
                ? new Object[] {from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)}
                : new Object[] {from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), unitCode};
        jdbc.query(
                "SELECT unit_code, occurred_at FROM check_in WHERE occurred_at >= ? AND occurred_at < ?" + unitClause,
                rs -> {
                    ZonedDateTime at = rs.getObject(2, OffsetDateTime.class).atZoneSameInstant(zone);
                    int half = at.toLocalTime().isBefore(middayEnd) ? 0 : 1;
                    counts.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .computeIfAbsent(at.toLocalDate(), k -> new int[2])[half]++;
                },
                args);
        LocalDate first = from.atZone(zone).toLocalDate();
        LocalDate end = to.atZone(zone).toLocalDate();
        int required = 0;
        List<LocalDate[]> halfDays = new ArrayList<>();
        for (LocalDate day = first; day.isBefore(end); day = day.plusDays(1)) {
            if (!calendar.isWorkingDay(day)) {
                continue;
            }
            if (!ZonedDateTime.of(day, middayEnd, zone).toInstant().isAfter(now)) {
                halfDays.add(new LocalDate[] {day, null});
            }
            if (!ZonedDateTime.of(day, dayEnd, zone).toInstant().isAfter(now)) {
                halfDays.add(new LocalDate[] {day, day});
            }
        }
        required = halfDays.size();
        for (Map.Entry<String, Accumulator> e : acc.entrySet()) {
            Map<LocalDate, int[]> unitCounts = counts.getOrDefault(e.getKey(), Map.of());
            int compliant = 0;
            for (LocalDate[] h : halfDays) {
                int[] c = unitCounts.get(h[0]);
                if (c != null && c[h[1] == null ? 0 : 1] >= properties.checkInsPerHalfDay()) {
                    compliant++;
                }
            }
            e.getValue().halfDaysRequired = required;
            e.getValue().halfDaysCompliant = compliant;
        }
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static Long minutes(Duration d) {
        return d == null ? null : d.toMinutes();
    }

    /** Running totals of one unit (or of several, for a trend). */
    static final class Accumulator {
        final String name;
        int delivered;
        int signed;
        int overdue;
        int returnsMade;
        int returnedToUnit;
        int halfDaysRequired;
        int halfDaysCompliant;
        final List<Duration> toSign = new ArrayList<>();

        Accumulator() {
            this(null);
        }

        Accumulator(String name) {
            this.name = name;
        }

        void add(Accumulator other) {
            delivered += other.delivered;
            signed += other.signed;
            overdue += other.overdue;
            returnsMade += other.returnsMade;
            returnedToUnit += other.returnedToUnit;
            halfDaysRequired += other.halfDaysRequired;
            halfDaysCompliant += other.halfDaysCompliant;
            toSign.addAll(other.toSign);
        }

        Duration average() {
            if (toSign.isEmpty()) {
                return null;
            }
            Duration sum = Duration.ZERO;
            for (Duration d : toSign) {
                sum = sum.plus(d);
            }
            return sum.dividedBy(toSign.size());
        }

        /** Nearest rank: the smallest value with at least 90 % of the values at or below it. */
        Duration percentile90() {
            if (toSign.isEmpty()) {
                return null;
            }
            List<Duration> sorted = new ArrayList<>(toSign);
            sorted.sort(null);
            int rank = (int) Math.ceil(0.9 * sorted.size());
            return sorted.get(Math.max(rank, 1) - 1);
        }
    }
}
