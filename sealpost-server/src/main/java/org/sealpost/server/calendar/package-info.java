/**
 * The working-day calendar (第二十八条 timeliness): weekends, holidays and make-up working days,
 * working hours, and the sign-for deadlines measured on them. Every timeliness figure uses {@link
 * org.sealpost.server.calendar.WorkingCalendar}.
 */
package org.sealpost.server.calendar;
