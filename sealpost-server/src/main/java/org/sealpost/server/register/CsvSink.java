package org.sealpost.server.register;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * RFC 4180 CSV in UTF-8 with a byte-order mark (so Excel reads the Chinese), CRLF line ends, every
 * field with a comma, quote, CR or LF quoted and quotes doubled; times as yyyy-MM-dd HH:mm:ss in
 * China time.
 */
final class CsvSink implements TableSink {

    private final Writer out;
    private final DateTimeFormatter times;

    CsvSink(OutputStream stream, ZoneId zone) throws IOException {
        stream.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        this.out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        this.times = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
    }

    @Override
    public void header(List<String> titles) throws IOException {
        line(List.copyOf(titles));
    }

    @Override
    public void row(List<Object> cells) throws IOException {
        line(cells);
    }

    private void line(List<?> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            Object cell = cells.get(i);
            String text = cell == null
                    ? ""
                    : cell instanceof Instant t
                            ? times.format(t)
                            : cell instanceof Number n ? n.toString() : TableSink.defuse(cell.toString());
            out.write(quote(text));
        }
        out.write("\r\n");
    }

    static String quote(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
