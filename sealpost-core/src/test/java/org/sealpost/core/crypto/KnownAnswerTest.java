package org.sealpost.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECConstants;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.util.encoders.Hex;
import org.bouncycastle.util.test.TestRandomBigInteger;
import org.junit.jupiter.api.Test;
import org.sealpost.core.crypto.sm4.Sm4;

/** Published vectors of GB/T 32905 (SM3), GB/T 32907 (SM4) and GB/T 32918 (SM2), SECURITY.md K01. */
class KnownAnswerTest {

    @Test
    void sm3OfAbcMatchesTheStandard() {
        assertThat(Hex.toHexString(Sm3.digest("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    }

    @Test
    void sm3Of512BitMessageMatchesTheStandard() {
        byte[] message = "abcd".repeat(16).getBytes(StandardCharsets.US_ASCII);

        assertThat(Hex.toHexString(Sm3.digest(message)))
                .isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
        byte[] streamed =
                Sm3.newHasher().update(message, 0, 10).update(message, 10, 54).digest();
        assertThat(streamed).isEqualTo(Sm3.digest(message));
    }

    @Test
    void sm4BlockMatchesTheStandard() {
        byte[] key = Hex.decode("0123456789abcdeffedcba9876543210");
        byte[] out = new byte[16];

        new Sm4(key).encryptBlock(key, 0, out, 0);

        assertThat(Hex.toHexString(out)).isEqualTo("681edf34d206965e86b3e94f536e4246");
    }

    @Test
    void sm2SignatureMatchesTheStandardExample() {
        ECDomainParameters curve = standardTestCurve();
        AsymmetricCipherKeyPair pair =
                keyPair(curve, "128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263");
        byte[] id = "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);
        byte[] message = "message digest".getBytes(StandardCharsets.US_ASCII);
        SecureRandom fixedK =
                new TestRandomBigInteger("6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F", 16);

        byte[] signature = Sm2.sign((ECPrivateKeyParameters) pair.getPrivate(), id, message, fixedK);

        assertThat(Hex.toHexString(signature))
                .isEqualTo("3044"
                        + "022040f1ec59f793d9f49e09dcef49130d4194f79fb1eed2caa55bacdb49c4e755d1"
                        + "02206fc6dac32c5d5cf10c77dfb20f7c2eb667a457872fb09ec56327a67ec7deebe7");
        ECPublicKeyParameters publicKey = (ECPublicKeyParameters) pair.getPublic();
        assertThat(Sm2.verify(publicKey, id, message, signature)).isTrue();
        assertThat(Sm2.verify(publicKey, id, "message digesT".getBytes(StandardCharsets.US_ASCII), signature))
                .isFalse();
        assertThat(Sm2.verify(publicKey, Sm2.DEFAULT_ID, message, signature)).isFalse();
    }

    @Test
    void sm2EncryptionMatchesTheStandardExample() throws GeneralSecurityException {
        ECDomainParameters curve = standardTestCurve();
        AsymmetricCipherKeyPair pair =
                keyPair(curve, "1649AB77A00637BD5E2EFE283FBF353534AA7F7CB89463F208DDBC2920BB0DA0");
        byte[] message = "encryption standard".getBytes(StandardCharsets.US_ASCII);
        SecureRandom fixedK =
                new TestRandomBigInteger("4C62EEFD6ECFC2B95B92FD6C3D9575148AFA17425546D49018E5388D49DD7B4F", 16);

        byte[] ciphertext = Sm2.encrypt((ECPublicKeyParameters) pair.getPublic(), message, fixedK);

        assertThat(Hex.toHexString(ciphertext).toUpperCase())
                .isEqualTo("04245C26FB68B1DDDDB12C4B6BF9F2B6D5FE60A383B0D18D1C4144ABF17F6252"
                        + "E776CB9264C2A7E88E52B19903FDC47378F605E36811F5C07423A24B84400F01"
                        + "B89C3D7360C30156FAB7C80A0276712DA9D8094A634B766D3A285E07480653426D"
                        + "650053A89B41C418B0C3AAD00D886C00286467");
        ECPrivateKeyParameters privateKey = (ECPrivateKeyParameters) pair.getPrivate();
        assertThat(Sm2.decrypt(privateKey, ciphertext)).isEqualTo(message);
        ciphertext[80] ^= 1;
        assertThatThrownBy(() -> Sm2.decrypt(privateKey, ciphertext)).isInstanceOf(GeneralSecurityException.class);
    }

    /** The Fp-256 example curve of GB/T 32918 (annexes), not the recommended sm2p256v1. */
    private static ECDomainParameters standardTestCurve() {
        BigInteger p = new BigInteger("8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3", 16);
        BigInteger a = new BigInteger("787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498", 16);
        BigInteger b = new BigInteger("63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A", 16);
        BigInteger n = new BigInteger("8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7", 16);
        BigInteger gx = new BigInteger("421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D", 16);
        BigInteger gy = new BigInteger("0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2", 16);
        ECCurve curve = new ECCurve.Fp(p, a, b, n, ECConstants.ONE);
        return new ECDomainParameters(curve, curve.createPoint(gx, gy), n);
    }

    private static AsymmetricCipherKeyPair keyPair(ECDomainParameters curve, String privateKeyHex) {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(curve, new TestRandomBigInteger(privateKeyHex, 16)));
        return generator.generateKeyPair();
    }
}
