/**
 * The receiving web pages and live updates (issue 6 items 1–6 in the browser): the live inbox
 * (收文) of the caller's unit, the delivery page (view with the unit PIN, 签收, 退回, controlled
 * printing with result reports, 脱密打印, 脱密下载, destruction after a void, extra copies), and
 * {@link org.sealpost.server.inbox.LiveUpdates}, the per-node hub of server-sent event streams
 * (one per open page, keyed by unit) fed after commit by the sending and receiving events, and on
 * PostgreSQL relayed to the other nodes by LISTEN/NOTIFY ({@code PostgresLiveRelay}). It only
 * calls the use cases of {@code delivery}, {@code printing} and {@code document}; it owns no
 * table.
 */
package org.sealpost.server.inbox;
