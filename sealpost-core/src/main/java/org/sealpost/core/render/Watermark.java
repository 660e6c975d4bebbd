package org.sealpost.core.render;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Who is looking, drawn over every viewed page as repeated diagonal semi-transparent text: the
 * viewing unit, the user and the time (China time, to the minute), so that a photo of the screen
 * names its source.
 */
public record Watermark(String unitName, String user, Instant time) {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    public Watermark {
        Objects.requireNonNull(time, "time");
        if (unitName == null || unitName.isBlank() || user == null || user.isBlank()) {
            throw new RenderException(
                    RenderException.Problem.INVALID_REQUEST, "A watermark needs a unit name and a user");
        }
        if (unitName.length() > 100 || user.length() > 100) {
            throw new RenderException(
                    RenderException.Problem.INVALID_REQUEST, "Watermark names are limited to 100 characters");
        }
    }

    /** The text drawn, e.g. {@code 中国工商银行浙江省分行 张三 2026-11-27 16:00}. */
    public String text() {
        return unitName.strip() + "  " + user.strip() + "  " + MINUTE.format(time.atZone(CHINA));
    }
}
