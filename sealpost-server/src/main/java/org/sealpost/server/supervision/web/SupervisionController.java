package org.sealpost.server.supervision.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sealpost.core.seal.SealException;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.supervision.MonthFigures;
import org.sealpost.server.supervision.Period;
import org.sealpost.server.supervision.Report;
import org.sealpost.server.supervision.ReportFiles;
import org.sealpost.server.supervision.Supervising;
import org.sealpost.server.supervision.SupervisionRefused;
import org.sealpost.server.supervision.UnitFigures;
import org.sealpost.server.unit.UnitDirectory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Supervision pages (第二十八条): the ranking of every unit with charts for the regulator office, a
 * unit's own figures for the unit (第八条), monthly trends, and the 通报 with its XLSX and PDF.
 * Chart data comes from {@code /supervision/data} (JSON), drawn by {@code js/supervision.js}: the
 * CSP allows no inline script.
 */
@Controller
class SupervisionController {

    private final Supervising supervising;
    private final ReportFiles files;
    private final UnitDirectory units;
    private final AuditLog audit;
    private final Clock clock;

    SupervisionController(
            Supervising supervising, ReportFiles files, UnitDirectory units, AuditLog audit, Clock clock) {
        this.supervising = supervising;
        this.files = files;
        this.units = units;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/supervision")
    String overview(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String unit,
            Model model) {
        SignedInUser me = me();
        Period period = period(from, to);
        boolean office = Supervising.seesAllUnits(me);
        model.addAttribute("period", period);
        model.addAttribute("office", office);
        if (office && (unit == null || unit.isBlank())) {
            model.addAttribute("ranking", supervising.ranking(me, period));
            model.addAttribute("unitFigures", null);
        } else {
            model.addAttribute("ranking", List.of());
            model.addAttribute("unitFigures", supervising.unit(me, unit, period));
        }
        model.addAttribute(
                "trend", supervising.trend(me, office && (unit == null || unit.isBlank()) ? null : unit, period));
        model.addAttribute("unit", unit == null ? "" : unit);
        model.addAttribute("units", office ? units.all() : List.of());
        return "supervision/overview";
    }

    /** Chart data: the ranking (office) or the unit's line, and the monthly trend. */
    @GetMapping("/supervision/data")
    @ResponseBody
    Map<String, Object> data(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String unit) {
        SignedInUser me = me();
        Period period = period(from, to);
        boolean all = Supervising.seesAllUnits(me) && (unit == null || unit.isBlank());
        List<UnitFigures> ranking = all ? supervising.ranking(me, period) : List.of(supervising.unit(me, unit, period));
        List<MonthFigures> trend = supervising.trend(me, all ? null : unit, period);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(
                "ranking",
                ranking.stream()
                        .map(f -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("unit", f.unitCode());
                            m.put("name", f.unitName());
                            m.put("averageMinutes", f.averageMinutes());
                            m.put("p90Minutes", f.p90Minutes());
                            m.put("overdue", f.overdue());
                            m.put("compliance", Math.round(f.compliance() * 1000) / 10.0);
                            return m;
                        })
                        .toList());
        out.put(
                "trend",
                trend.stream()
                        .map(t -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("month", t.month().toString());
                            m.put("delivered", t.delivered());
                            m.put("averageMinutes", t.averageMinutes());
                            m.put("p90Minutes", t.p90Minutes());
                            m.put("overdue", t.overdue());
                            m.put("compliance", Math.round(t.compliance() * 1000) / 10.0);
                            return m;
                        })
                        .toList());
        return out;
    }

    @GetMapping("/supervision/report")
    String report(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
        Report report = supervising.report(me(), period(from, to));
        model.addAttribute("report", report);
        model.addAttribute("period", report.period());
        return "supervision/report";
    }

    @GetMapping("/supervision/report/export")
    void export(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "xlsx") String format,
            Locale locale,
            HttpServletResponse response)
            throws IOException {
        SignedInUser me = me();
        Report report = supervising.report(me, period(from, to));
        boolean pdf = switch (format.toLowerCase(Locale.ROOT)) {
            case "pdf" -> true;
            case "xlsx" -> false;
            default -> throw SupervisionRefused.invalid("format", "format must be xlsx or pdf");
        };
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        if (pdf) {
            files.pdf(report, locale, buffer);
        } else {
            files.xlsx(report, locale, buffer);
        }
        audit.record(new AuditEntry(
                me.username(),
                me.unitCode(),
                "SUPERVISION_REPORT_EXPORTED",
                true,
                null,
                report.period().first() + ".." + report.period().last(),
                format));
        response.setContentType(
                pdf ? "application/pdf" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment()
                        .filename("supervision-report-" + report.period().first() + "-"
                                + report.period().last() + (pdf ? ".pdf" : ".xlsx"))
                        .build()
                        .toString());
        response.setContentLength(buffer.size());
        buffer.writeTo(response.getOutputStream());
    }

    @ExceptionHandler(SupervisionRefused.class)
    void refused(SupervisionRefused e, HttpServletResponse response) throws IOException {
        response.sendError(
                switch (e.kind()) {
                    case NOT_FOUND -> HttpStatus.NOT_FOUND.value();
                    case FORBIDDEN -> HttpStatus.FORBIDDEN.value();
                    case INVALID -> HttpStatus.BAD_REQUEST.value();
                });
    }

    @ExceptionHandler(SealException.class)
    void noFont(SealException e, HttpServletResponse response) throws IOException {
        // the only SealException here: no CJK font installed for the PDF (the message names the package)
        response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value(), e.getMessage());
    }

    private Period period(String from, String to) {
        YearMonth now = YearMonth.now(clock.withZone(ZoneId.of("Asia/Shanghai")));
        try {
            YearMonth last = to == null || to.isBlank() ? now : YearMonth.parse(to.strip());
            YearMonth first = from == null || from.isBlank() ? last.minusMonths(5) : YearMonth.parse(from.strip());
            return new Period(first, last);
        } catch (DateTimeParseException e) {
            throw SupervisionRefused.invalid("period", "months look like 2026-11");
        }
    }

    private static SignedInUser me() {
        return SignedInUser.current().orElseThrow();
    }
}
