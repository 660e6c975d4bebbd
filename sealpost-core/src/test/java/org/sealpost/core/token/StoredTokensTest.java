package org.sealpost.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.testing.TestPki;
import org.sealpost.core.token.TokenException.Reason;

class StoredTokensTest {

    private final TestPki pki = new TestPki();
    private final TestPki.Unit bank = pki.unit("B001");
    private final byte[] master = new byte[32];
    private final InMemoryStoredTokenRepository repository = new InMemoryStoredTokenRepository();
    private final StoredTokens tokens;

    StoredTokensTest() {
        pki.random.nextBytes(master);
        tokens = new StoredTokens(MasterKey.of(master), repository, pki.random, 1_000);
        tokens.create("tok-1", "B001 operator A", bank.signing(), bank.encryption(), "246810".toCharArray());
    }

    @Test
    void unlocksWithThePinAndUsesBothKeys() throws Exception {
        char[] pin = "246810".toCharArray();
        try (Token token = tokens.unlock("tok-1", pin)) {
            assertThat(pin).containsOnly('\0');
            byte[] message = "回执".getBytes(StandardCharsets.UTF_8);
            assertThat(Sm2.verify(bank.certificates().signing().getPublicKey(), message, token.sign(message)))
                    .isTrue();
            byte[] wrapped = Sm2.encrypt(bank.certificates().encryption().getPublicKey(), new byte[16], pki.random);
            assertThat(token.decrypt(wrapped)).hasSize(16);
        }
    }

    @Test
    void fiveWrongPinsLockTheTokenUntilAnAdminResetsIt() throws Exception {
        for (int attempt = 1; attempt < StoredTokens.MAX_ATTEMPTS; attempt++) {
            int remaining = StoredTokens.MAX_ATTEMPTS - attempt;
            assertThatThrownBy(() -> tokens.unlock("tok-1", "000000".toCharArray()))
                    .isInstanceOfSatisfying(TokenException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.WRONG_PIN);
                        assertThat(e.remainingAttempts()).isEqualTo(remaining);
                    });
        }
        assertUnlockFails("000000", Reason.LOCKED);
        assertUnlockFails("246810", Reason.LOCKED);
        assertThat(repository.find("tok-1").orElseThrow().locked()).isTrue();

        tokens.resetAttempts("tok-1");
        tokens.unlock("tok-1", "246810".toCharArray()).close();
    }

    @Test
    void changingThePinNeedsTheOldOneAndCountsWrongOnes() throws Exception {
        assertThatThrownBy(() -> tokens.changePin("tok-1", "999999".toCharArray(), "135791".toCharArray()))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PIN));
        assertThat(repository.find("tok-1").orElseThrow().failedAttempts()).isEqualTo(1);

        char[] newPin = "135791".toCharArray();
        tokens.changePin("tok-1", "246810".toCharArray(), newPin);
        assertThat(newPin).containsOnly('\0');
        assertThat(repository.find("tok-1").orElseThrow().failedAttempts()).isZero();
        assertUnlockFails("246810", Reason.WRONG_PIN);
        try (Token token = tokens.unlock("tok-1", "135791".toCharArray())) {
            byte[] message = {1, 2, 3};
            assertThat(Sm2.verify(bank.certificates().signing().getPublicKey(), message, token.sign(message)))
                    .isTrue();
        }
    }

    @Test
    void aCorrectPinResetsTheCount() throws Exception {
        assertUnlockFails("1", Reason.WRONG_PIN);
        assertUnlockFails("2", Reason.WRONG_PIN);
        tokens.unlock("tok-1", "246810".toCharArray()).close();

        assertThat(repository.find("tok-1").orElseThrow().failedAttempts()).isZero();
    }

    @Test
    void theRecordWithoutTheMasterKeyRevealsNothing() throws Exception {
        StoredTokenRecord record = repository.find("tok-1").orElseThrow();
        BigInteger d = ((ECPrivateKey) bank.signing().key()).getS();
        BigInteger e = ((ECPrivateKey) bank.encryption().key()).getS();

        for (byte[] field : new byte[][] {
            record.sealedKeys(), record.salt(), record.signingCertificate(), record.encryptionCertificate()
        }) {
            assertThat(indexOf(field, BigIntegers.asUnsignedByteArray(32, d))).isNegative();
            assertThat(indexOf(field, BigIntegers.asUnsignedByteArray(32, e))).isNegative();
            assertThat(indexOf(field, bank.signing().key().getEncoded())).isNegative();
        }
        assertThat(record.toString()).contains("REDACTED").doesNotContain("sealedKeys=[");

        byte[] otherMaster = master.clone();
        otherMaster[0] ^= 1;
        StoredTokens withoutMaster = new StoredTokens(MasterKey.of(otherMaster), repository, pki.random, 1_000);
        assertThatThrownBy(() -> withoutMaster.unlock("tok-1", "246810".toCharArray()))
                .isInstanceOfSatisfying(
                        TokenException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.CORRUPT));
        assertThat(repository.find("tok-1").orElseThrow().failedAttempts()).isZero();
    }

    @Test
    void aRowMovedToAnotherIdOrGivenOtherCertificatesDoesNotOpen() {
        StoredTokenRecord record = repository.find("tok-1").orElseThrow();
        repository.save(new StoredTokenRecord(
                "tok-2",
                record.label(),
                record.signingCertificate(),
                record.encryptionCertificate(),
                record.salt(),
                record.iterations(),
                record.sealedKeys(),
                0,
                false));
        TestPki.Unit other = pki.unit("B002");
        byte[] otherCert;
        try {
            otherCert = other.certificates().signing().getEncoded();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
        repository.save(new StoredTokenRecord(
                "tok-1",
                record.label(),
                otherCert,
                record.encryptionCertificate(),
                record.salt(),
                record.iterations(),
                record.sealedKeys(),
                0,
                false));

        assertThatThrownBy(() -> tokens.unlock("tok-2", "246810".toCharArray()))
                .isInstanceOfSatisfying(
                        TokenException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.CORRUPT));
        assertUnlockFails("246810", Reason.CORRUPT);
    }

    @Test
    void tenParallelWrongPinsLockExactlyAtFiveWithoutLostCounts() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<Reason>> results = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        tokens.unlock("tok-1", "000000".toCharArray()).close();
                        return null;
                    } catch (TokenException e) {
                        return e.reason();
                    }
                }));
            }
            start.countDown();
            java.util.Map<Reason, Integer> counts = new java.util.EnumMap<>(Reason.class);
            for (var r : results) {
                counts.merge(r.get(), 1, Integer::sum);
            }
            // four attempts see "wrong PIN", the fifth locks, the rest find it locked
            assertThat(counts).containsEntry(Reason.WRONG_PIN, 4).containsEntry(Reason.LOCKED, 6);
        } finally {
            pool.shutdownNow();
        }
        StoredTokenRecord record = repository.find("tok-1").orElseThrow();
        assertThat(record.failedAttempts()).isEqualTo(StoredTokens.MAX_ATTEMPTS);
        assertThat(record.locked()).isTrue();
        assertUnlockFails("246810", Reason.LOCKED);
    }

    @Test
    void unknownTokenAndSecretsPrintRedacted() {
        assertThatThrownBy(() -> tokens.unlock("nope", "1".toCharArray()))
                .isInstanceOfSatisfying(
                        TokenException.class, ex -> assertThat(ex.reason()).isEqualTo(Reason.NOT_FOUND));
        assertThat(MasterKey.of(master).toString()).isEqualTo("MasterKey[REDACTED]");
        assertThat(bank.signing().toString()).contains("REDACTED");
        assertThat(tokens.toString()).contains("REDACTED");
    }

    private void assertUnlockFails(String pin, Reason reason) {
        assertThatThrownBy(() -> tokens.unlock("tok-1", pin.toCharArray()))
                .isInstanceOfSatisfying(
                        TokenException.class, ex -> assertThat(ex.reason()).isEqualTo(reason));
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
