package org.sealpost.server.register;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * XLSX through POI's streaming workbook: at most {@link #WINDOW} rows live in memory, the rest
 * are flushed to a temporary file that {@link #close()} deletes. A sheet holds at most
 * {@link #ROWS_PER_SHEET} rows (Excel's limit is 1,048,576); more continue on the next sheet.
 */
final class XlsxSink implements TableSink {

    static final int WINDOW = 100;
    static final int ROWS_PER_SHEET = 1_000_000;

    private final OutputStream stream;
    private final ZoneId zone;
    private final String sheetName;
    private final SXSSFWorkbook book;
    private final CellStyle timeStyle;
    private final CellStyle headerStyle;
    private List<String> titles = List.of();
    private SXSSFSheet sheet;
    private int rowInSheet;

    XlsxSink(OutputStream stream, ZoneId zone, String sheetName) {
        this.stream = stream;
        this.zone = zone;
        this.sheetName = sheetName;
        this.book = new SXSSFWorkbook(WINDOW);
        book.setCompressTempFiles(true);
        this.timeStyle = book.createCellStyle();
        timeStyle.setDataFormat(book.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
        this.headerStyle = book.createCellStyle();
        Font bold = book.createFont();
        bold.setBold(true);
        headerStyle.setFont(bold);
    }

    @Override
    public void header(List<String> titles) {
        this.titles = List.copyOf(titles);
        newSheet();
    }

    private void newSheet() {
        int n = book.getNumberOfSheets();
        sheet = book.createSheet(n == 0 ? sheetName : sheetName + " (" + (n + 1) + ")");
        Row row = sheet.createRow(0);
        for (int i = 0; i < titles.size(); i++) {
            Cell cell = row.createCell(i);
            cell.setCellValue(titles.get(i));
            cell.setCellStyle(headerStyle);
        }
        sheet.createFreezePane(0, 1);
        rowInSheet = 1;
    }

    @Override
    public void row(List<Object> cells) {
        if (sheet == null) {
            newSheet();
        }
        if (rowInSheet > ROWS_PER_SHEET) {
            newSheet();
        }
        Row row = sheet.createRow(rowInSheet++);
        for (int i = 0; i < cells.size(); i++) {
            Object value = cells.get(i);
            if (value == null) {
                continue;
            }
            Cell cell = row.createCell(i);
            if (value instanceof Number n) {
                cell.setCellValue(n.doubleValue());
            } else if (value instanceof Instant t) {
                cell.setCellValue(LocalDateTime.ofInstant(t, zone));
                cell.setCellStyle(timeStyle);
            } else {
                cell.setCellValue(TableSink.defuse(value.toString()));
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (sheet == null) {
                newSheet();
            }
            book.write(stream);
            stream.flush();
        } finally {
            book.close(); // deletes the temporary files (POI 5: close disposes)
        }
    }
}
