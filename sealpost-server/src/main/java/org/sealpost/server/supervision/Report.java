package org.sealpost.server.supervision;

import java.util.List;

/**
 * A supervision report (通报, 第二十八条): every unit's figures in rank order, the units to praise
 * and the units to criticise, each with its reasons.
 */
public record Report(Period period, List<UnitFigures> units, List<Entry> praise, List<Entry> criticism) {

    /** A unit and why it is listed; each reason is an i18n key suffix and its argument. */
    public record Entry(UnitFigures unit, List<Reason> reasons) {}

    public record Reason(String code, String argument) {}
}
