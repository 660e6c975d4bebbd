package org.sealpost.core.document;

import java.util.ArrayList;
import java.util.List;

/** Splits extracted text into the lines a reader counts: trimmed, blank lines left out. */
final class Lines {

    private Lines() {}

    static List<String> of(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty()) {
                lines.add(trimmed);
            }
        }
        return lines;
    }
}
