/**
 * The send/receive registers (收发文登记, 第十七条), derived from document and delivery events:
 * searched, paged, exported (CSV, XLSX, streaming) and printed; one unit's own, or every unit's for
 * the regulator office.
 */
package org.sealpost.server.register;
