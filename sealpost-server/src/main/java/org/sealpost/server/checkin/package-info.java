/**
 * Check-ins (签到; issue 6 item 7; seed 公告 三, 第十五条: open the system at least twice each
 * morning and each afternoon). {@link org.sealpost.server.checkin.CheckIns} records that a person
 * who handles documents opened the home page or the inbox, and reports compliance per unit and day;
 * {@link org.sealpost.server.checkin.CheckInReminders} publishes {@link
 * org.sealpost.server.checkin.CheckInReminderDue} for units with no check-in in the half-day by the
 * configured times on working days ({@link org.sealpost.server.checkin.WorkingDays}); {@code notify}
 * turns it into an in-app notice and an SMS.
 */
package org.sealpost.server.checkin;
