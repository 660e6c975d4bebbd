package org.sealpost.server.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.sealpost.server.support.EmbeddedPostgres;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The relay on its own, without an application around it: which transport each setting gives on
 * H2 and on a real PostgreSQL (embedded), the clear refusal of {@code postgres} on H2, and a
 * listener that ignores whatever else is NOTIFYed on its channel and goes on delivering.
 */
class PostgresLiveRelayIT {

    static PostgresLiveRelay relay(LiveProperties.Transport transport, DataSource ds, String url) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("details", new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "postgres";
            }

            @Override
            public String getPassword() {
                return "";
            }

            @Override
            public String getJdbcUrl() {
                return url;
            }
        });
        return new PostgresLiveRelay(
                new LiveUpdates(Duration.ofMinutes(30), 6),
                new LiveProperties(transport),
                ds,
                beans.getBeanProvider(JdbcConnectionDetails.class),
                new SecureRandom(),
                Clock.systemUTC());
    }

    static DataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:relay-" + System.nanoTime() + ";MODE=PostgreSQL");
        return h2;
    }

    static String postgresUrl() {
        return EmbeddedPostgres.newDatabase();
    }

    @Test
    void postgresTransportOnH2RefusesToStartSayingWhy() {
        PostgresLiveRelay relay = relay(LiveProperties.Transport.POSTGRES, h2(), "jdbc:h2:mem:x");
        assertThatThrownBy(relay::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sealpost.live.transport=postgres needs a PostgreSQL datasource")
                .hasMessageContaining("H2");
        assertThat(relay.active()).isFalse();
    }

    @Test
    void autoStaysOnTheNodeOnH2AndRelaysOnPostgres() {
        PostgresLiveRelay onH2 = relay(LiveProperties.Transport.AUTO, h2(), "jdbc:h2:mem:x");
        onH2.start();
        assertThat(onH2.active()).isFalse();
        onH2.stop();

        String url = postgresUrl();
        PostgresLiveRelay onPostgres =
                relay(LiveProperties.Transport.AUTO, new DriverManagerDataSource(url, "postgres", ""), url);
        onPostgres.start();
        try {
            assertThat(onPostgres.active()).isTrue();
        } finally {
            onPostgres.stop();
        }
    }

    @Test
    void localOnPostgresStaysOnTheNode() {
        String url = postgresUrl();
        PostgresLiveRelay relay =
                relay(LiveProperties.Transport.LOCAL, new DriverManagerDataSource(url, "postgres", ""), url);
        relay.start();
        assertThat(relay.active()).isFalse();
        relay.stop();
    }

    @Test
    void foreignNotificationsOnTheChannelAreIgnoredAndDeliveryGoesOn() throws Exception {
        String url = postgresUrl();
        DataSource ds = new DriverManagerDataSource(url, "postgres", "");
        PostgresLiveRelay relay = relay(LiveProperties.Transport.POSTGRES, ds, url);
        relay.start();
        try {
            awaitTrue(relay::listening);
            String data = LiveUpdates.data("sent", "d-1", null, null, Instant.EPOCH);
            try (Connection c = ds.getConnection();
                    PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                for (String payload : List.of(
                        "not ours",
                        "1\tfeedfacefeedface\tinbox-changed\t{\"title\":\"机密\"}\tICBC-ZJ",
                        // the relay's own node: delivered locally already
                        LiveNotification.encode(relay.node(), "inbox-changed", data, List.of("ICBC-ZJ"))
                                .get(0),
                        LiveNotification.encode("feedfacefeedface", "inbox-changed", data, List.of("ICBC-ZJ"))
                                .get(0))) {
                    notify.setString(1, PostgresLiveRelay.CHANNEL);
                    notify.setString(2, payload);
                    notify.executeQuery().close();
                }
            }
            awaitTrue(() -> relay.received() == 1);
            assertThat(relay.listening()).isTrue();
            assertThat(relay.listens()).isEqualTo(1);
        } finally {
            relay.stop();
        }
        assertThat(relay.listening()).isFalse();
    }

    @Test
    void aBroadcastToFiveThousandUnitsCrossesInPayloadsPostgresAccepts() throws Exception {
        String url = postgresUrl();
        DataSource ds = new DriverManagerDataSource(url, "postgres", "");
        PostgresLiveRelay sender = relay(LiveProperties.Transport.POSTGRES, ds, url);
        PostgresLiveRelay receiver = relay(LiveProperties.Transport.POSTGRES, ds, url);
        LiveUpdates hub = new LiveUpdates(Duration.ofMinutes(30), 6);
        hub.relayThrough(sender);
        sender.start();
        receiver.start();
        try {
            awaitTrue(() -> sender.listening() && receiver.listening());
            List<String> units =
                    IntStream.range(0, 5000).mapToObj(i -> "BANK-BRANCH-" + i).toList();
            String data = LiveUpdates.data("sent", "d-broadcast", null, "URGENT", Instant.EPOCH);
            int payloads = LiveNotification.encode(sender.node(), "inbox-changed", data, units)
                    .size();
            assertThat(payloads).isGreaterThan(1);
            hub.publish(units, LiveUpdates.INBOX_CHANGED, data);
            // each payload arrives as one notification; the sender never gets its own
            awaitTrue(() -> receiver.received() == payloads);
            assertThat(sender.received()).isZero();
        } finally {
            sender.stop();
            receiver.stop();
        }
    }

    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }
}
