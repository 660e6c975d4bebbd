package org.sealpost.core.document;

import java.util.List;

/**
 * The text of one page as lines in reading order.
 *
 * @param page 1-based page number
 * @param lines the page's non-blank lines, trimmed; line {@code n} of the page is {@code lines.get(n - 1)}
 */
public record PageText(int page, List<String> lines) {

    public PageText {
        if (page < 1) {
            throw new IllegalArgumentException("page numbers start at 1");
        }
        lines = List.copyOf(lines);
    }
}
