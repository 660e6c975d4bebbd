package org.sealpost.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.core.token.KeyEntry;
import org.sealpost.core.token.SoftwareToken;
import org.sealpost.core.token.Token;
import org.sealpost.core.token.TokenException;

class TokenSealKeyAndSealFileTest {

    private static final SealFixtures PKI = SealFixtures.shared();
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private KeyEntry unitEntry() {
        return new KeyEntry(PKI.unitKeys.getPrivate(), List.of(PKI.unit.certificate(), PKI.ca));
    }

    @Test
    void aTokenStampsThroughTokenSealKeyAndTheStampVerifies() throws Exception {
        try (Token token = SoftwareToken.of("unit", unitEntry(), null, RANDOM)) {
            byte[] stamped = PdfSealTest.stamp(
                    PdfFixtures.mixedPages(),
                    PKI.record(),
                    new TokenSealKey(token),
                    new PdfStamper.Placement(1, 130, 40));

            SealVerificationReport report = new PdfSealVerifier(PKI.trust()).verify(stamped);
            assertThat(report.problemCodes()).isEmpty();
            assertThat(report.valid()).isTrue();
        }
    }

    @Test
    void aClosedTokenFailsWithItsReason() {
        Token token = SoftwareToken.of("unit", unitEntry(), null, RANDOM);
        TokenSealKey key = new TokenSealKey(token);
        token.close();

        assertThatThrownBy(() -> key.sign(new byte[] {1}))
                .isInstanceOf(TokenSealKey.SigningFailed.class)
                .satisfies(e -> assertThat(((TokenSealKey.SigningFailed) e)
                                .tokenException()
                                .reason())
                        .isEqualTo(TokenException.Reason.CLOSED));
    }

    @Test
    void sealFileRoundTripsAndStamps() throws Exception {
        Path file = dir.resolve("seal.p12");
        char[] pin = "123456".toCharArray();
        SealRecord record = PKI.record();
        SealFile.write(file, pin, unitEntry(), record, RANDOM);
        assertThat(pin).containsOnly('\0');
        Files.createDirectories(Path.of("target"));
        Files.copy(file, Path.of("target", "seal-file.p12"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        char[] openPin = "123456".toCharArray();
        try (SealFile seal = SealFile.open(file, openPin)) {
            assertThat(openPin).containsOnly('\0');
            assertThat(seal.record()).isEqualTo(record);
            assertThat(seal.record().encoded()).isEqualTo(record.encoded());
            assertThat(seal.certificateChain()).containsExactly(PKI.unit.certificate(), PKI.ca);
            assertThat(seal.token().signingCertificate()).isEqualTo(PKI.unit.certificate());
            assertThat(seal.toString()).doesNotContain("PrivateKey");

            byte[] stamped = PdfSealTest.stamp(
                    PdfFixtures.mixedPages(), seal.record(), seal.sealKey(), new PdfStamper.Placement(1, 130, 40));
            assertThat(new PdfSealVerifier(PKI.trust()).verify(stamped).valid()).isTrue();
        }
    }

    @Test
    void wrongPinIsRefusedAsWrongPin() throws Exception {
        Path file = dir.resolve("seal.p12");
        SealFile.write(file, "123456".toCharArray(), unitEntry(), PKI.record(), RANDOM);

        char[] wrong = "654321".toCharArray();
        assertThatThrownBy(() -> SealFile.open(file, wrong))
                .isInstanceOf(TokenException.class)
                .hasMessageContaining("wrong PIN")
                .satisfies(e -> assertThat(((TokenException) e).reason()).isEqualTo(TokenException.Reason.WRONG_PIN));
        assertThat(wrong).containsOnly('\0');
    }

    @Test
    void aModifiedFileIsRefusedAsCorrupt() throws Exception {
        Path file = dir.resolve("seal.p12");
        SealFile.write(file, "123456".toCharArray(), unitEntry(), PKI.record(), RANDOM);
        byte[] bytes = Files.readAllBytes(file);
        // flip a byte inside the seal record's name (UTF-8 of 业务专用章), which the MAC covers
        byte[] name = "业务专用章".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = indexOf(bytes, name);
        assertThat(at).isPositive();
        bytes[at + 1] ^= 0x01;
        Files.write(file, bytes);

        assertThatThrownBy(() -> SealFile.open(file, "123456".toCharArray()))
                .isInstanceOf(TokenException.class)
                .hasMessageContaining("modified")
                .satisfies(e -> assertThat(((TokenException) e).reason()).isEqualTo(TokenException.Reason.CORRUPT));
    }

    @Test
    void garbageAndMissingFilesAreRefused() throws Exception {
        Path garbage = dir.resolve("garbage.p12");
        Files.write(garbage, new byte[] {0x30, 0x03, 0x02, 0x01, 0x03});
        assertThatThrownBy(() -> SealFile.open(garbage, "1".toCharArray()))
                .isInstanceOf(TokenException.class)
                .satisfies(e -> assertThat(((TokenException) e).reason()).isEqualTo(TokenException.Reason.CORRUPT));
        assertThatThrownBy(() -> SealFile.open(dir.resolve("none.p12"), "1".toCharArray()))
                .isInstanceOf(TokenException.class)
                .satisfies(e -> assertThat(((TokenException) e).reason()).isEqualTo(TokenException.Reason.NOT_FOUND));
    }

    @Test
    void aRecordThatDoesNotBindTheKeyIsNotWritten() throws Exception {
        SealFixtures stranger = SealFixtures.stranger();
        KeyEntry other = new KeyEntry(stranger.unitKeys.getPrivate(), stranger.unit.certificate());
        assertThatThrownBy(
                        () -> SealFile.write(dir.resolve("x.p12"), "123456".toCharArray(), other, PKI.record(), RANDOM))
                .isInstanceOf(SealException.class)
                .satisfies(
                        e -> assertThat(((SealException) e).problem()).isEqualTo(SealProblem.SIGNER_NOT_BOUND_TO_SEAL));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
