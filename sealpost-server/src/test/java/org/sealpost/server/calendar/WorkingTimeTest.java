package org.sealpost.server.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Working-time arithmetic on the 2026 calendar, against instants worked out by hand (China time,
 * 08:30–12:00 and 13:30–17:30).
 */
class WorkingTimeTest {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** The 2026 schedule as in V70 (holidays on weekdays and make-up days; weekend holidays add nothing). */
    static WorkingTime calendar2026() {
        Map<LocalDate, Boolean> days = new HashMap<>();
        for (String d : List.of(
                "2026-01-01",
                "2026-01-02",
                "2026-02-16",
                "2026-02-17",
                "2026-02-18",
                "2026-02-19",
                "2026-02-20",
                "2026-02-23",
                "2026-04-06",
                "2026-05-01",
                "2026-05-04",
                "2026-05-05",
                "2026-06-19",
                "2026-09-25",
                "2026-10-01",
                "2026-10-02",
                "2026-10-05",
                "2026-10-06",
                "2026-10-07")) {
            days.put(LocalDate.parse(d), false);
        }
        for (String d : List.of("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")) {
            days.put(LocalDate.parse(d), true);
        }
        return new WorkingTime(
                CHINA, List.of(WorkingTime.Period.parse("08:30-12:00"), WorkingTime.Period.parse("13:30-17:30")), days);
    }

    static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(CHINA).toInstant();
    }

    final WorkingTime cal = calendar2026();

    @Test
    void anUrgentDocumentAt1650OnTheFridayBeforeQingmingIsDueTuesdayAt0850() {
        // 40 minutes on Friday 3 April, then Sat 4 – Mon 6 April are off (Monday is the holiday)
        assertThat(cal.addWorkingTime(at("2026-04-03T16:50"), Duration.ofHours(1)))
                .isEqualTo(at("2026-04-07T08:50"));
        assertThat(cal.workingTimeBetween(at("2026-04-03T16:50"), at("2026-04-07T08:50")))
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aMakeUpSaturdayIsWorked() {
        // Friday 13 February 16:50 + 1 h: Saturday 14 February is a make-up working day (春节调休)
        assertThat(cal.addWorkingTime(at("2026-02-13T16:50"), Duration.ofHours(1)))
                .isEqualTo(at("2026-02-14T08:50"));
        // Friday 18 September 17:20 + 1 h: Sunday 20 September is worked (国庆调休)
        assertThat(cal.addWorkingTime(at("2026-09-18T17:20"), Duration.ofHours(1)))
                .isEqualTo(at("2026-09-20T09:20"));
    }

    @Test
    void springFestivalAndNationalDayAreSkippedWhole() {
        // Saturday 14 February (worked) 17:00 + 1 h: 30 minutes, then 15–23 February off, Tue 24th 09:00
        assertThat(cal.addWorkingTime(at("2026-02-14T17:00"), Duration.ofHours(1)))
                .isEqualTo(at("2026-02-24T09:00"));
        // Wednesday 30 September 16:50 + 1 h: 1–7 October off, Thursday 8 October 08:50
        assertThat(cal.addWorkingTime(at("2026-09-30T16:50"), Duration.ofHours(1)))
                .isEqualTo(at("2026-10-08T08:50"));
        // Thursday 24 September 16:50 + 1 h: 中秋 25–27 September, Monday 28th 08:50
        assertThat(cal.addWorkingTime(at("2026-09-24T16:50"), Duration.ofHours(1)))
                .isEqualTo(at("2026-09-28T08:50"));
    }

    @Test
    void lunchEveningsAndEndsOfPeriods() {
        // extra-urgent at 11:40: 20 minutes before lunch, 10 after
        assertThat(cal.addWorkingTime(at("2026-11-30T11:40"), Duration.ofMinutes(30)))
                .isEqualTo(at("2026-11-30T13:40"));
        // ending exactly at the end of the day stays there
        assertThat(cal.addWorkingTime(at("2026-11-30T17:00"), Duration.ofMinutes(30)))
                .isEqualTo(at("2026-11-30T17:30"));
        // before work starts
        assertThat(cal.addWorkingTime(at("2026-11-30T07:00"), Duration.ofHours(1)))
                .isEqualTo(at("2026-11-30T09:30"));
        // received during lunch
        assertThat(cal.addWorkingTime(at("2026-11-30T12:30"), Duration.ofHours(1)))
                .isEqualTo(at("2026-11-30T14:30"));
        // zero is the start itself, even at night
        assertThat(cal.addWorkingTime(at("2026-11-28T23:00"), Duration.ZERO)).isEqualTo(at("2026-11-28T23:00"));
        assertThat(cal.workingTimeBetween(at("2026-11-30T11:00"), at("2026-11-30T14:00")))
                .isEqualTo(Duration.ofMinutes(90));
        // a whole working week is 5 × 7.5 h
        assertThat(cal.workingTimeBetween(at("2026-11-30T00:00"), at("2026-12-07T00:00")))
                .isEqualTo(Duration.ofMinutes(5 * 450));
        assertThat(cal.workingTimeBetween(at("2026-11-30T14:00"), at("2026-11-30T11:00")))
                .isZero();
    }

    @Test
    void endOfTheNextWorkingDay() {
        assertThat(cal.endOfWorkingDay(at("2026-04-03T10:00"), 1)).isEqualTo(at("2026-04-07T17:30"));
        assertThat(cal.endOfWorkingDay(at("2026-02-13T10:00"), 1)).isEqualTo(at("2026-02-14T17:30"));
        assertThat(cal.endOfWorkingDay(at("2026-02-14T10:00"), 1)).isEqualTo(at("2026-02-24T17:30"));
        assertThat(cal.endOfWorkingDay(at("2026-11-29T10:00"), 0)).isEqualTo(at("2026-11-30T17:30"));
        assertThat(cal.endOfWorkingDay(at("2026-11-30T10:00"), 0)).isEqualTo(at("2026-11-30T17:30"));
        assertThat(cal.endOfWorkingDay(at("2026-11-30T10:00"), 2)).isEqualTo(at("2026-12-02T17:30"));
    }

    @Test
    void workingDays() {
        assertThat(cal.isWorkingDay(LocalDate.parse("2026-10-01"))).isFalse();
        assertThat(cal.isWorkingDay(LocalDate.parse("2026-10-10"))).isTrue(); // Saturday, 调休
        assertThat(cal.isWorkingDay(LocalDate.parse("2026-10-11"))).isFalse(); // ordinary Sunday
        assertThat(cal.isWorkingDay(LocalDate.parse("2026-10-12"))).isTrue();
    }

    @Test
    void addingAndMeasuringAreInverseOnRandomInstants() {
        Random random = new Random(20261127);
        Instant base = at("2026-01-01T00:00");
        for (int i = 0; i < 5_000; i++) {
            Instant start = base.plusSeconds(random.nextInt(365 * 24 * 3600));
            Duration amount = Duration.ofSeconds(random.nextInt(40 * 3600));
            Instant end = cal.addWorkingTime(start, amount);
            assertThat(cal.workingTimeBetween(start, end))
                    .as("%s + %s", start, amount)
                    .isEqualTo(amount);
            assertThat(end).isAfterOrEqualTo(start);
            // one more second of working time never ends earlier
            assertThat(cal.addWorkingTime(start, amount.plusSeconds(1))).isAfter(end);
        }
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> cal.addWorkingTime(at("2026-11-30T10:00"), Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> WorkingTime.Period.parse("8.30 to 12"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("08:30-12:00");
        assertThatThrownBy(() -> WorkingTime.Period.parse("12:00-08:30"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> new WorkingTime(
                        CHINA,
                        List.of(WorkingTime.Period.parse("08:30-12:00"), WorkingTime.Period.parse("11:00-17:30")),
                        Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap");
        // a calendar without a single working day fails instead of looping forever
        Map<LocalDate, Boolean> allOff = new HashMap<>();
        for (LocalDate d = LocalDate.parse("2026-01-01"); d.getYear() < 2037; d = d.plusDays(1)) {
            allOff.put(d, false);
        }
        WorkingTime never = new WorkingTime(CHINA, List.of(WorkingTime.Period.parse("08:30-12:00")), allOff);
        assertThatThrownBy(() -> never.addWorkingTime(at("2026-01-01T00:00"), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalStateException.class);
    }
}
