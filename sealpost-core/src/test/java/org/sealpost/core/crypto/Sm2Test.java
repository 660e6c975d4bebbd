package org.sealpost.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.util.test.TestRandomBigInteger;
import org.junit.jupiter.api.Test;

class Sm2Test {

    private final SecureRandom random = new SecureRandom();
    private final KeyPair alice = Sm2.generateKeyPair(random);
    private final KeyPair bob = Sm2.generateKeyPair(random);
    private final byte[] message = "关于开展2026年度检查的通知".getBytes(StandardCharsets.UTF_8);

    @Test
    void signatureVerifiesWithTheSignersKeyOnly() throws InvalidKeyException {
        byte[] signature = Sm2.sign(alice.getPrivate(), message, random);

        assertThat(Sm2.verify(alice.getPublic(), message, signature)).isTrue();
        assertThat(Sm2.verify(bob.getPublic(), message, signature)).isFalse();
        message[0] ^= 1;
        assertThat(Sm2.verify(alice.getPublic(), message, signature)).isFalse();
    }

    @Test
    void signatureInteroperatesWithJcaSm3WithSm2UnderTheDefaultId() throws Exception {
        Signature jca = Signature.getInstance("SM3withSM2", Providers.bouncyCastle());
        jca.initVerify(alice.getPublic());
        jca.update(message);

        assertThat(jca.verify(Sm2.sign(alice.getPrivate(), message, random))).isTrue();
    }

    @Test
    void garbageSignatureIsRejectedNotThrown() throws InvalidKeyException {
        assertThat(Sm2.verify(alice.getPublic(), message, new byte[] {0x30, 0x02, 0x01}))
                .isFalse();
        assertThat(Sm2.verify(alice.getPublic(), message, new byte[0])).isFalse();
    }

    @Test
    void wrappedKeyOpensOnlyForItsRecipient() throws GeneralSecurityException {
        byte[] contentKey = new byte[16];
        random.nextBytes(contentKey);

        byte[] wrapped = Sm2.encrypt(bob.getPublic(), contentKey, random);

        assertThat(wrapped).hasSize(Sm2.CIPHERTEXT_OVERHEAD + 16);
        assertThat(Sm2.decrypt(bob.getPrivate(), wrapped)).isEqualTo(contentKey);
        assertThatThrownBy(() -> Sm2.decrypt(alice.getPrivate(), wrapped)).isInstanceOf(GeneralSecurityException.class);
        assertThat(Sm2.encrypt(bob.getPublic(), contentKey, random)).isNotEqualTo(wrapped);
    }

    @Test
    void aPreparedKeyWrapsForItsRecipientWithFreshRandomnessEveryTime() throws GeneralSecurityException {
        Sm2.EncryptionKey prepared = Sm2.encryptionKey(bob.getPublic());
        byte[] contentKey = new byte[16];
        random.nextBytes(contentKey);

        byte[] first = prepared.encrypt(contentKey, random);
        byte[] second = prepared.encrypt(contentKey, random);

        assertThat(Sm2.decrypt(bob.getPrivate(), first)).isEqualTo(contentKey);
        assertThat(Sm2.decrypt(bob.getPrivate(), second)).isEqualTo(contentKey);
        assertThat(first).isNotEqualTo(second);
        assertThatThrownBy(() -> Sm2.decrypt(alice.getPrivate(), first)).isInstanceOf(GeneralSecurityException.class);
        assertThat(prepared.toString()).doesNotContain("null");
    }

    @Test
    void theOptimisedCurveGivesTheSameBytesAsTheGenericCurve() throws GeneralSecurityException {
        // same ephemeral k on both paths: the C1||C3||C2 output must be identical byte for byte
        String k = "4C62EEFD6ECFC2B95B92FD6C3D9575148AFA17425546D49018E5388D49DD7B4F";
        byte[] contentKey = new byte[16];
        random.nextBytes(contentKey);

        byte[] optimised = Sm2.encryptionKey(bob.getPublic()).encrypt(contentKey, new TestRandomBigInteger(k, 16));
        byte[] generic =
                Sm2.encrypt(Sm2.publicParameters(bob.getPublic()), contentKey, new TestRandomBigInteger(k, 16));

        assertThat(optimised).isEqualTo(generic);
    }

    @Test
    void malformedCiphertextIsRejected() {
        assertThatThrownBy(() -> Sm2.decrypt(bob.getPrivate(), new byte[10]))
                .isInstanceOf(GeneralSecurityException.class);
        byte[] notAPoint = new byte[Sm2.CIPHERTEXT_OVERHEAD + 16];
        notAPoint[0] = 4;
        assertThatThrownBy(() -> Sm2.decrypt(bob.getPrivate(), notAPoint)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void refusesKeysOfOtherCurves() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Providers.bouncyCastle());
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair p256 = generator.generateKeyPair();

        assertThatThrownBy(() -> Sm2.sign(p256.getPrivate(), message, random)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> Sm2.encrypt(p256.getPublic(), message, random))
                .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> Sm2.encryptionKey(p256.getPublic())).isInstanceOf(InvalidKeyException.class);
    }
}
