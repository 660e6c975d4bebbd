package org.sealpost.server.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LiveNotificationTest {

    static final String NODE = "0123456789abcdef";
    static final String DATA = LiveUpdates.data("sent", "d-42", 7L, "URGENT", Instant.EPOCH);

    @Test
    void roundTripsNodeEventDataAndUnits() {
        List<String> payloads =
                LiveNotification.encode(NODE, LiveUpdates.INBOX_CHANGED, DATA, List.of("ICBC-ZJ", "CMB-HZ"));
        assertThat(payloads).hasSize(1);
        assertThat(LiveNotification.decode(payloads.get(0)))
                .contains(new LiveNotification(NODE, "inbox-changed", DATA, List.of("ICBC-ZJ", "CMB-HZ")));
    }

    @Test
    void aBroadcastToFiveThousandUnitsIsSplitBelowPostgresPayloadLimit() {
        List<String> units =
                IntStream.range(0, 5000).mapToObj(i -> "BANK-BRANCH-" + i).toList();
        List<String> payloads = LiveNotification.encode(NODE, LiveUpdates.INBOX_CHANGED, DATA, units);
        assertThat(payloads).hasSizeGreaterThan(1);
        assertThat(payloads)
                .allSatisfy(p ->
                        assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThan(8000));
        List<String> back = payloads.stream()
                .flatMap(p -> LiveNotification.decode(p).orElseThrow().units().stream())
                .toList();
        assertThat(back).isEqualTo(units);
    }

    @Test
    void unitCodesOfAnotherShapeAreLeftOutAndNothingIsSentWithoutUnits() {
        assertThat(LiveNotification.encode(NODE, "inbox-changed", DATA, List.of("A,B", "ICBC-ZJ")))
                .singleElement()
                .satisfies(
                        p -> assertThat(LiveNotification.decode(p).orElseThrow().units())
                                .containsExactly("ICBC-ZJ"));
        assertThat(LiveNotification.encode(NODE, "inbox-changed", DATA, List.of("单位")))
                .isEmpty();
    }

    @Test
    void dataOfAnotherShapeNeverTravels() {
        assertThat(LiveNotification.sendable("inbox-changed", DATA)).isTrue();
        assertThat(LiveNotification.sendable("inbox-changed", "{\"title\":\"机密\"}"))
                .isFalse();
        assertThat(LiveNotification.sendable("inbox-changed", "{\"a\":\"b\"}\n\nevent: x"))
                .isFalse();
        assertThat(LiveNotification.sendable("inbox-changed", "{" + "x".repeat(2000) + "}"))
                .isFalse();
        assertThat(LiveNotification.sendable("Inbox Changed", DATA)).isFalse();
        assertThat(LiveNotification.encode(NODE, "inbox-changed", "{\"title\":\"机密\"}", List.of("ICBC-ZJ")))
                .isEmpty();
    }

    @Test
    void foreignOrMalformedPayloadsAreIgnored() {
        String good = LiveNotification.encode(NODE, "inbox-changed", DATA, List.of("ICBC-ZJ"))
                .get(0);
        assertThat(LiveNotification.decode(good)).isPresent();
        assertThat(LiveNotification.decode("hello")).isEmpty();
        assertThat(LiveNotification.decode(null)).isEmpty();
        assertThat(LiveNotification.decode(good.replaceFirst("^1", "2"))).isEmpty();
        assertThat(LiveNotification.decode(good + "\textra")).isEmpty();
        assertThat(LiveNotification.decode(good.replace("ICBC-ZJ", ""))).isEmpty();
        assertThat(LiveNotification.decode(good.replace("ICBC-ZJ", "ICBC-ZJ,<script>")))
                .isEmpty();
        assertThat(LiveNotification.decode(good.replace(NODE, "NOT-A-NODE"))).isEmpty();
        assertThat(LiveNotification.decode(good.replace("\"kind\"", "\"ki\nnd\"")))
                .isEmpty();
    }
}
