package org.sealpost.server.register;

import java.io.IOException;
import java.util.List;

/** Where exported rows go, one at a time, so no export holds more than a row in memory. */
interface TableSink extends AutoCloseable {

    void header(List<String> titles) throws IOException;

    /** Cells are String, Number, java.time.Instant or null. */
    void row(List<Object> cells) throws IOException;

    /** Finishes the file; the underlying stream stays open (the caller owns it). */
    @Override
    void close() throws IOException;

    /**
     * Text a spreadsheet would run as a formula (= + - @, and tab/CR that some programs strip before
     * looking) is written with a leading apostrophe (CSV injection, OWASP).
     */
    static String defuse(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        char c = text.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + text : text;
    }
}
