package org.sealpost.server.supervision;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.sealpost.core.report.TablePdf;
import org.sealpost.core.seal.CjkFonts;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** The 通报 as files: XLSX (one sheet per list and one with every unit) and PDF (core's TablePdf). */
@Component
public class ReportFiles {

    private final MessageSource messages;

    ReportFiles(MessageSource messages) {
        this.messages = messages;
    }

    public String title(Report report, Locale locale) {
        return msg(
                "supervision.report.fileTitle",
                locale,
                report.period().first(),
                report.period().last());
    }

    public void xlsx(Report report, Locale locale, OutputStream out) throws IOException {
        try (SXSSFWorkbook book = new SXSSFWorkbook(100)) {
            sheet(
                    book,
                    msg("supervision.report.praise", locale),
                    listColumns(locale),
                    entries(report.praise(), locale));
            sheet(
                    book,
                    msg("supervision.report.criticism", locale),
                    listColumns(locale),
                    entries(report.criticism(), locale));
            sheet(book, msg("supervision.report.allUnits", locale), figureColumns(locale), figures(report.units()));
            book.write(out);
        }
    }

    public void pdf(Report report, Locale locale, OutputStream out) throws IOException {
        List<TablePdf.Section> sections = List.of(
                new TablePdf.Section(
                        msg("supervision.report.praise", locale),
                        report.praise().isEmpty() ? msg("supervision.report.none", locale) : null,
                        listColumns(locale),
                        entries(report.praise(), locale)),
                new TablePdf.Section(
                        msg("supervision.report.criticism", locale),
                        report.criticism().isEmpty() ? msg("supervision.report.none", locale) : null,
                        listColumns(locale),
                        entries(report.criticism(), locale)),
                new TablePdf.Section(
                        msg("supervision.report.allUnits", locale),
                        null,
                        figureColumns(locale),
                        figures(report.units())));
        new TablePdf(CjkFonts.system())
                .write(title(report, locale), msg("supervision.report.issuer", locale), sections, out);
    }

    private static void sheet(SXSSFWorkbook book, String name, List<String> columns, List<List<String>> rows) {
        Sheet sheet = book.createSheet(name);
        Row header = sheet.createRow(0);
        for (int i = 0; i < columns.size(); i++) {
            header.createCell(i).setCellValue(columns.get(i));
        }
        int r = 1;
        for (List<String> row : rows) {
            Row line = sheet.createRow(r++);
            for (int i = 0; i < row.size(); i++) {
                String v = row.get(i);
                if (v != null && !v.isEmpty() && (Character.isDigit(v.charAt(0)) && v.matches("\\d+"))) {
                    line.createCell(i).setCellValue(Long.parseLong(v));
                } else {
                    line.createCell(i).setCellValue(defuse(v));
                }
            }
        }
    }

    static String defuse(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        char c = text.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + text : text;
    }

    private List<String> listColumns(Locale locale) {
        return List.of(
                msg("supervision.col.rank", locale),
                msg("supervision.col.unit", locale),
                msg("supervision.col.reasons", locale));
    }

    private List<List<String>> entries(List<Report.Entry> entries, Locale locale) {
        List<List<String>> rows = new ArrayList<>();
        for (Report.Entry e : entries) {
            List<String> reasons = e.reasons().stream()
                    .map(r -> msg("supervision.reason." + r.code(), locale, r.argument()))
                    .toList();
            rows.add(List.of(String.valueOf(e.unit().rank()), e.unit().unitName(), String.join("；", reasons)));
        }
        return rows;
    }

    private List<String> figureColumns(Locale locale) {
        return List.of(
                msg("supervision.col.rank", locale),
                msg("supervision.col.unit", locale),
                msg("supervision.col.delivered", locale),
                msg("supervision.col.signed", locale),
                msg("supervision.col.average", locale),
                msg("supervision.col.p90", locale),
                msg("supervision.col.overdue", locale),
                msg("supervision.col.returnsMade", locale),
                msg("supervision.col.returnedToUnit", locale),
                msg("supervision.col.compliance", locale),
                msg("supervision.col.staleRoster", locale),
                msg("supervision.col.sealIncidents", locale));
    }

    private static List<List<String>> figures(List<UnitFigures> units) {
        List<List<String>> rows = new ArrayList<>();
        for (UnitFigures f : units) {
            rows.add(List.of(
                    String.valueOf(f.rank()),
                    f.unitName(),
                    String.valueOf(f.delivered()),
                    String.valueOf(f.signed()),
                    f.averageMinutes() == null ? "" : String.valueOf(f.averageMinutes()),
                    f.p90Minutes() == null ? "" : String.valueOf(f.p90Minutes()),
                    String.valueOf(f.overdue()),
                    String.valueOf(f.returnsMade()),
                    String.valueOf(f.returnedToUnit()),
                    Supervising.percent(f.compliance()),
                    f.staleRoster() == null ? "" : f.staleRoster() ? "✗" : "✓",
                    String.valueOf(f.sealIncidents())));
        }
        return rows;
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
