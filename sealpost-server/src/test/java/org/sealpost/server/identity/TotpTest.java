package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 6238 appendix B vectors for HMAC-SHA256, cut to 6 digits. */
class TotpTest {

    private static final String SECRET =
            Totp.base32("12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII));

    @Test
    void matchesTheRfc6238Sha256Vectors() {
        assertThat(Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("119246");
        assertThat(Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(1111111109))))
                .isEqualTo("084774");
        assertThat(Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(1111111111))))
                .isEqualTo("062674");
        assertThat(Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(2000000000))))
                .isEqualTo("698825");
    }

    @Test
    void acceptsOneStepOfDriftAndNothingMore() {
        Instant now = Instant.ofEpochSecond(1111111111);
        long step = Totp.step(now);
        assertThat(Totp.match(SECRET, Totp.code(SECRET, step - 1), now)).hasValue(step - 1);
        assertThat(Totp.match(SECRET, Totp.code(SECRET, step + 1), now)).hasValue(step + 1);
        assertThat(Totp.match(SECRET, Totp.code(SECRET, step - 2), now)).isEmpty();
        assertThat(Totp.match(SECRET, "12345", now)).isEmpty();
        assertThat(Totp.match(SECRET, null, now)).isEmpty();
    }

    @Test
    void base32RoundTrips() {
        byte[] bytes = {0, 1, 2, (byte) 0xff, 42, 7, 9, 11, 13, 99};
        assertThat(Totp.unbase32(Totp.base32(bytes))).isEqualTo(bytes);
    }

    @Test
    void enrolmentUriNamesSha256() {
        assertThat(Totp.uri("SealPost", "icbc-zj-a", "ABC"))
                .isEqualTo(
                        "otpauth://totp/SealPost:icbc-zj-a?secret=ABC&issuer=SealPost&algorithm=SHA256&digits=6&period=30");
    }
}
