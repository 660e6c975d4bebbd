package org.sealpost.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sealpost.core.seal.SealFixtures.NOW;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SealRecordTest {

    private final SealFixtures pki = SealFixtures.shared();

    @Test
    void makesARealSESealThatParsesBackAndVerifies() {
        SealRecord made = pki.record();

        SealRecord parsed = SealRecord.parse(made.encoded());
        parsed.verify(pki.trust(), NOW);

        assertThat(parsed.sealId()).isEqualTo("ES-3301-0001");
        assertThat(parsed.name()).isEqualTo("中国工商银行浙江省分行业务专用章");
        assertThat(parsed.type()).isEqualTo(SealRecord.SealType.UNIT);
        assertThat(parsed.signingCertificates()).containsExactly(pki.unit.certificate());
        assertThat(parsed.maker()).isEqualTo(pki.maker.certificate());
        assertThat(parsed.image().widthMm()).isEqualTo(40.0);
        assertThat(parsed.image().png()).isEqualTo(pki.image.png());
        // the same bytes are a GB/T 38540 v4 SESeal (read without ofdrw, see SesV4)
        SesV4.Seal seal = SesV4.seal(made.encoded());
        assertThat(seal.esId()).isEqualTo("ES-3301-0001");
        assertThat(seal.name()).isEqualTo(parsed.name());
    }

    @Test
    void rejectsATamperedRecord() {
        byte[] der = pki.record().encoded();
        byte[] name = "业务专用章".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = indexOf(der, name);
        der[at + 2] ^= 0x01; // one bit of the seal name

        SealRecord tampered = SealRecord.parse(der);

        assertRefused(() -> tampered.verify(pki.trust(), NOW), SealProblem.RECORD_SIGNATURE_INVALID);
    }

    @Test
    void rejectsARecordMadeByAnUntrustedMaker() {
        SealFixtures stranger = SealFixtures.stranger();
        SealRecord forged = pki.record(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)), stranger.maker);

        assertRefused(() -> forged.verify(pki.trust(), NOW), SealProblem.RECORD_MAKER_UNTRUSTED);
    }

    @Test
    void rejectsASealUsedAfterItExpiredOrBeforeItStarted() {
        SealRecord record = pki.record(NOW.minus(Duration.ofDays(20)), NOW.minus(Duration.ofDays(1)), pki.maker);
        SealRecord future = pki.record(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(20)), pki.maker);

        assertRefused(() -> record.verify(pki.trust(), NOW), SealProblem.SEAL_EXPIRED);
        assertRefused(() -> future.verify(pki.trust(), NOW), SealProblem.SEAL_NOT_YET_VALID);
        record.verify(pki.trust(), NOW.minus(Duration.ofDays(5))); // it was fine back then
    }

    @Test
    void rejectsASealUsedAfterItWasRevoked() {
        SealRecord record = pki.record();
        Instant lost = NOW.minus(Duration.ofHours(1));
        SealTrust trust = new SealTrust(pki.ca, new RevocationLookup() {
            @Override
            public Optional<Instant> certificateRevokedAt(
                    java.security.cert.X509Certificate certificate, java.security.cert.X509Certificate issuer) {
                return Optional.empty();
            }

            @Override
            public Optional<Instant> sealRevokedAt(String sealId) {
                return sealId.equals("ES-3301-0001") ? Optional.of(lost) : Optional.empty();
            }
        });

        assertRefused(() -> record.verify(trust, NOW), SealProblem.SEAL_REVOKED);
        record.verify(trust, lost.minusSeconds(1));
    }

    @Test
    void rejectsARecordMadeAfterTheMakersCertificateWasRevoked() throws Exception {
        SealRecord record = pki.record(); // made at NOW - 10 days
        SealTrust revokedBefore = SealTrust.withCrls(
                pki.ca, List.of(pki.crlRevoking(pki.maker.certificate(), NOW.minus(Duration.ofDays(20)))));
        SealTrust revokedAfter = SealTrust.withCrls(
                pki.ca, List.of(pki.crlRevoking(pki.maker.certificate(), NOW.minus(Duration.ofDays(5)))));

        assertRefused(() -> record.verify(revokedBefore, NOW), SealProblem.RECORD_MAKER_UNTRUSTED);
        record.verify(revokedAfter, NOW);
    }

    @Test
    void softwareKeyNeverPrintsItsKey() {
        assertThat(pki.unit.toString()).contains("[REDACTED]").doesNotContain("SM2", "EC Private");
    }

    @Test
    void refusesGarbageAsARecord() {
        assertRefused(() -> SealRecord.parse(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}), SealProblem.RECORD_MALFORMED);
        assertRefused(() -> SealRecord.parse(new byte[] {1, 2, 3}), SealProblem.RECORD_MALFORMED);
        assertRefused(() -> SealRecord.parse(new byte[0]), SealProblem.RECORD_MALFORMED);
    }

    @Test
    void refusesASignerThatTheSealDoesNotBind() {
        SealRecord record = pki.record();

        record.checkBound(pki.unit.certificate());
        assertRefused(() -> record.checkBound(pki.maker.certificate()), SealProblem.SIGNER_NOT_BOUND_TO_SEAL);
    }

    static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, SealProblem problem) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        SealException.class, e -> assertThat(e.problem()).isEqualTo(problem));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
