package org.sealpost.server.calendar.web;

import java.time.Clock;
import java.time.LocalDate;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.calendar.CalendarDay;
import org.sealpost.server.calendar.CalendarProperties;
import org.sealpost.server.calendar.CalendarRefused;
import org.sealpost.server.calendar.ManagingCalendar;
import org.sealpost.server.calendar.SignDeadlines;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The working-day calendar page: a year's holidays and make-up days, edited by the admin and the office. */
@Controller
class CalendarController {

    private final ManagingCalendar calendar;
    private final CalendarProperties properties;
    private final SignDeadlines deadlines;
    private final Clock clock;

    CalendarController(ManagingCalendar calendar, CalendarProperties properties, SignDeadlines deadlines, Clock clock) {
        this.calendar = calendar;
        this.properties = properties;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    @GetMapping("/calendar")
    String page(@RequestParam(required = false) Integer year, Model model) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), properties.zone());
        int shown = year == null ? today.getYear() : year;
        if (shown < 2000 || shown > 2100) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "year out of range");
        }
        model.addAttribute("year", shown);
        model.addAttribute("days", calendar.days(shown));
        model.addAttribute("editable", ManagingCalendar.mayEdit(me()));
        model.addAttribute("hours", String.join(", ", properties.workingHours()));
        model.addAttribute("zone", properties.zone().getId());
        model.addAttribute("deadlines", deadlines.deadlines());
        // the State Council publishes next year's holidays in November or December: until they are
        // entered, every timeliness figure of that year counts the holidays as working days
        if (today.getMonthValue() >= 11 && calendar.days(today.getYear() + 1).isEmpty()) {
            model.addAttribute("nextYearMissing", String.valueOf(today.getYear() + 1)); // not "2,027"
        }
        return "calendar/days";
    }

    @PostMapping("/calendar/days")
    String set(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @RequestParam(required = false) CalendarDay.Kind kind,
            @RequestParam(required = false) String name,
            RedirectAttributes redirect) {
        try {
            calendar.set(me(), day, kind, name);
            redirect.addFlashAttribute("doneCode", "set");
        } catch (CalendarRefused e) {
            refuse(e, redirect);
        }
        return "redirect:/calendar?year=" + (day == null ? "" : day.getYear());
    }

    @PostMapping("/calendar/days/remove")
    String remove(
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day, RedirectAttributes redirect) {
        try {
            calendar.remove(me(), day);
            redirect.addFlashAttribute("doneCode", "removed");
        } catch (CalendarRefused e) {
            refuse(e, redirect);
        }
        return "redirect:/calendar?year=" + day.getYear();
    }

    private static void refuse(CalendarRefused e, RedirectAttributes redirect) {
        if (e.isForbidden()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        }
        redirect.addFlashAttribute("errorCode", e.code());
    }

    private static SignedInUser me() {
        return SignedInUser.current().orElseThrow();
    }
}
