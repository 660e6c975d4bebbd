package org.sealpost.server.supervision;

import java.time.Duration;

/**
 * One unit's timeliness and compliance over a period (第二十八条). Times are working time on the
 * calendar (holidays and make-up days included).
 *
 * @param delivered deliveries to the unit in the period
 * @param signed of which signed for
 * @param averageToSign mean working time from delivery to signature; null when nothing was signed
 * @param p90ToSign 90th percentile (nearest rank) of the same; null when nothing was signed
 * @param overdue deliveries answered (signed or returned) after their deadline, or still unanswered
 *     past it; a delivery recalled before its deadline without an answer is not counted
 * @param returnsMade deliveries the unit returned (退回)
 * @param returnedToUnit deliveries of documents the unit sent that recipients returned in the period
 * @param halfDaysRequired working mornings and afternoons of the period that have ended
 * @param halfDaysCompliant of which the unit opened the system at least the required times
 * @param staleRoster roster not confirmed in time; null when not known to this viewer
 * @param sealIncidents seal loss/damage reports in the period
 * @param rank 1 = best (fewest overdue per delivery, then highest compliance, then fastest)
 */
public record UnitFigures(
        String unitCode,
        String unitName,
        int delivered,
        int signed,
        Duration averageToSign,
        Duration p90ToSign,
        int overdue,
        int returnsMade,
        int returnedToUnit,
        int halfDaysRequired,
        int halfDaysCompliant,
        Boolean staleRoster,
        int sealIncidents,
        int rank) {

    /** Share of compliant half-days, 1.0 when none was required yet. */
    public double compliance() {
        return halfDaysRequired == 0 ? 1.0 : (double) halfDaysCompliant / halfDaysRequired;
    }

    public double overdueRate() {
        return delivered == 0 ? 0 : (double) overdue / delivered;
    }

    public Long averageMinutes() {
        return averageToSign == null ? null : averageToSign.toMinutes();
    }

    public Long p90Minutes() {
        return p90ToSign == null ? null : p90ToSign.toMinutes();
    }

    UnitFigures ranked(int r) {
        return new UnitFigures(
                unitCode,
                unitName,
                delivered,
                signed,
                averageToSign,
                p90ToSign,
                overdue,
                returnsMade,
                returnedToUnit,
                halfDaysRequired,
                halfDaysCompliant,
                staleRoster,
                sealIncidents,
                r);
    }
}
