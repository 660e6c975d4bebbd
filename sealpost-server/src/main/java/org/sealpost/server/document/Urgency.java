package org.sealpost.server.document;

import java.util.Locale;

/** 紧急程度. {@link #priority()} orders inboxes: 0 extra-urgent, 1 urgent, 2 normal. */
public enum Urgency {
    NORMAL("平件", 2),
    URGENT("急件", 1),
    EXTRA_URGENT("特急", 0);

    private final String nameZh;
    private final int priority;

    Urgency(String nameZh, int priority) {
        this.nameZh = nameZh;
        this.priority = priority;
    }

    public String nameZh() {
        return nameZh;
    }

    public int priority() {
        return priority;
    }

    /** Accepts NORMAL / normal / extra-urgent / 特急 …; null for anything else. */
    public static Urgency parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        for (Urgency u : values()) {
            if (u.name().equalsIgnoreCase(v.replace('-', '_')) || u.nameZh.equals(v)) {
                return u;
            }
        }
        return null;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
