package org.sealpost.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmsPropertiesTest {

    static SmsProperties enabled(String systemId, String password) {
        return new SmsProperties(
                true,
                "smsc.example",
                2775,
                systemId,
                password,
                "1069000",
                Duration.ofSeconds(10),
                4,
                Duration.ofMinutes(10));
    }

    @Test
    void passwordIsRedactedInToString() {
        assertThat(enabled("sealpost", "s3cr3t!").toString())
                .doesNotContain("s3cr3t!")
                .contains("[REDACTED]");
    }

    @Test
    void passwordLongerThanSmppAllowsIsRefusedAtStartWithoutEchoingIt() {
        assertThatThrownBy(() -> enabled("sealpost", "much-too-long"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 8")
                .hasMessageNotContaining("much-too-long");
    }

    @Test
    void enabledGatewayNeedsHostAndSystemId() {
        assertThatThrownBy(() -> enabled("", "pw")).hasMessageContaining("system-id");
        assertThatThrownBy(() -> new SmsProperties(
                        true, null, 2775, "id", "pw", null, Duration.ofSeconds(1), 4, Duration.ofMinutes(1)))
                .hasMessageContaining("host");
    }

    @Test
    void disabledGatewayNeedsNothing() {
        assertThat(new SmsProperties(
                                false, null, 2775, null, null, null, Duration.ofSeconds(1), 4, Duration.ofMinutes(1))
                        .enabled())
                .isFalse();
    }
}
