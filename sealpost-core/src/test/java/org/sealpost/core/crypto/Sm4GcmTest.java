package org.sealpost.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

/** Proves the composed SM4-GCM identical to BouncyCastle's own GCM over SM4 and to RFC 8998. */
class Sm4GcmTest {

    @Test
    void matchesRfc8998TestVector() throws AEADBadTagException {
        byte[] key = Hex.decode("0123456789ABCDEFFEDCBA9876543210");
        byte[] nonce = Hex.decode("00001234567800000000ABCD");
        byte[] aad = Hex.decode("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
        byte[] plaintext = Hex.decode("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
                + "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA");
        byte[] out = new byte[plaintext.length + 16];

        new Sm4Gcm(key).seal(nonce, aad, plaintext, 0, plaintext.length, out, 0);

        assertThat(Hex.toHexString(out).toUpperCase())
                .isEqualTo("17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
                        + "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
                        + "83DE3541E4C2B58177E065A9BF7B62EC");
    }

    @Test
    void isIdenticalToBouncyCastleGcmOverRandomInputs() throws Exception {
        Random random = new Random(20261127);
        for (int round = 0; round < 300; round++) {
            byte[] key = bytes(random, 16);
            byte[] nonce = bytes(random, 12);
            byte[] aad = bytes(random, random.nextInt(3) == 0 ? 0 : random.nextInt(70));
            byte[] plaintext = bytes(random, round < 40 ? round : random.nextInt(5000));
            byte[] ours = new byte[plaintext.length + 16];
            Sm4Gcm gcm = new Sm4Gcm(key);

            gcm.seal(nonce, aad, plaintext, 0, plaintext.length, ours, 0);

            assertThat(ours).isEqualTo(bouncyCastle(key, nonce, aad, plaintext));
            byte[] back = new byte[plaintext.length];
            gcm.open(nonce, aad, ours, 0, plaintext.length, back, 0);
            assertThat(back).isEqualTo(plaintext);
        }
    }

    @Test
    void rejectsAnyFlippedBitAndWritesNothing() {
        byte[] key = new byte[16];
        byte[] nonce = new byte[12];
        byte[] plaintext = "one bit flipped must fail".getBytes();
        byte[] sealed = new byte[plaintext.length + 16];
        Sm4Gcm gcm = new Sm4Gcm(key);
        gcm.seal(nonce, new byte[0], plaintext, 0, plaintext.length, sealed, 0);

        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] tampered = sealed.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            byte[] out = new byte[plaintext.length];
            assertThatThrownBy(() -> gcm.open(nonce, new byte[0], tampered, 0, plaintext.length, out, 0))
                    .isInstanceOf(AEADBadTagException.class);
            assertThat(out).containsOnly(0);
        }
    }

    private static byte[] bouncyCastle(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) throws Exception {
        GCMModeCipher cipher = GCMBlockCipher.newInstance(new SM4Engine());
        cipher.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        byte[] out = new byte[cipher.getOutputSize(plaintext.length)];
        int n = cipher.processBytes(plaintext, 0, plaintext.length, out, 0);
        cipher.doFinal(out, n);
        return out;
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
