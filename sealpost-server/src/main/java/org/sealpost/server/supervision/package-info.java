/**
 * Supervision (第二十八条, 第八条): timeliness and compliance figures per unit from the delivery
 * events, check-ins, rosters and seal incidents, measured on the working-day calendar; ranking,
 * monthly trends, charts and the 通报 (XLSX, PDF).
 */
package org.sealpost.server.supervision;
