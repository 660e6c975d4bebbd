package org.sealpost.server.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;

/** The hub's bookkeeping: streams per unit, the cap per person, and what an event's data may hold. */
class LiveUpdatesTest {

    static SignedInUser user(long id, String username, String unit) {
        return new SignedInUser(id, username, username, id, unit, Set.of(Role.OPERATOR_B));
    }

    @Test
    void streamsAreKeptPerUnitAndAPersonHasAtMostTheCapTheOldestClosed() {
        LiveUpdates live = new LiveUpdates(Duration.ofMinutes(30), 3);
        SignedInUser b = user(1, "b-op", "UNIT-B");
        SignedInUser c = user(2, "c-op", "UNIT-C");
        for (int i = 0; i < 5; i++) {
            live.subscribe(b);
        }
        live.subscribe(c);
        assertThat(live.openStreams("UNIT-B")).isEqualTo(3);
        assertThat(live.openStreams("UNIT-C")).isEqualTo(1);
        assertThat(live.openStreams("UNIT-X")).isZero();
        assertThat(live.openStreams()).isEqualTo(4);
        live.close();
        assertThat(live.openStreams()).isZero();
    }

    @Test
    void eventDataHoldsOnlyIdsKindUrgencyAndTheCommitTime() {
        String data = LiveUpdates.data(
                "sent", "1a2b\",\"title\":\"<script>", 42L, "URGENT", Instant.parse("2026-11-27T08:00:00Z"));
        assertThat(data)
                .isEqualTo("{\"kind\":\"sent\",\"documentId\":\"1a2btitle:script\",\"deliveryId\":42,"
                        + "\"urgency\":\"URGENT\",\"at\":1795766400000000}");
        assertThat(LiveUpdates.data("recalled", "d-1", null, null, Instant.EPOCH))
                .isEqualTo("{\"kind\":\"recalled\",\"documentId\":\"d-1\",\"at\":0}");
    }
}
