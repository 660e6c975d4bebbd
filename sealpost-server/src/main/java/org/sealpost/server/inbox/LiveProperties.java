package org.sealpost.server.inbox;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How live updates reach the streams of other nodes ({@code sealpost.live.*}; the stream timeout,
 * heartbeat and per-person cap are read by {@link LiveUpdates} itself).
 *
 * @param transport {@code auto} (the default: {@code postgres} on a PostgreSQL datasource, {@code
 *     local} otherwise), {@code local} (this node's streams only: one node, or H2) or {@code
 *     postgres} (LISTEN/NOTIFY on channel {@value PostgresLiveRelay#CHANNEL}; starting refuses a
 *     datasource that is not PostgreSQL)
 */
@ConfigurationProperties("sealpost.live")
public record LiveProperties(Transport transport) {

    /** The ways live updates travel. */
    public enum Transport {
        AUTO,
        LOCAL,
        POSTGRES
    }

    public LiveProperties {
        transport = transport == null ? Transport.AUTO : transport;
    }
}
