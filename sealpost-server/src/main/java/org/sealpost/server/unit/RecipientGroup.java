package org.sealpost.server.unit;

import java.util.List;

/**
 * 发送范围 / 分组: a named set of units. A {@link Kind#CATEGORY} group is kept by the system and
 * always holds the active units of its category; a {@link Kind#CUSTOM} group holds hand-picked
 * units and is maintained by the regulator office.
 */
public record RecipientGroup(
        String code,
        String name,
        String nameEn,
        Kind kind,
        UnitCategory category,
        String description,
        List<UnitRef> units) {

    public enum Kind {
        CATEGORY,
        CUSTOM
    }

    public RecipientGroup {
        units = List.copyOf(units);
    }

    public boolean isSystem() {
        return kind == Kind.CATEGORY;
    }
}
