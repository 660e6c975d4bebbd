package org.sealpost.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class Sm4GcmAeadTest {

    private final Aead aead = new Sm4GcmAead(new byte[16], new SecureRandom());
    private final byte[] plaintext = "stored token key material".getBytes(StandardCharsets.UTF_8);
    private final byte[] aad = "token-42".getBytes(StandardCharsets.UTF_8);

    @Test
    void samePlaintextGivesDifferentCiphertexts() throws AEADBadTagException {
        byte[] first = aead.encrypt(plaintext, aad);
        byte[] second = aead.encrypt(plaintext, aad);

        assertThat(first).isNotEqualTo(second);
        assertThat(aead.decrypt(first, aad)).isEqualTo(plaintext);
        assertThat(aead.decrypt(second, aad)).isEqualTo(plaintext);
    }

    @Test
    void oneFlippedBitOrOtherAssociatedDataFails() {
        byte[] sealed = aead.encrypt(plaintext, aad);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x10;
            assertThatThrownBy(() -> aead.decrypt(tampered, aad)).isInstanceOf(AEADBadTagException.class);
        }
        assertThatThrownBy(() -> aead.decrypt(sealed, "token-43".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> aead.decrypt(new byte[5], aad)).isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void doesNotPrintItsKey() {
        assertThat(aead.toString()).contains("REDACTED");
    }
}
