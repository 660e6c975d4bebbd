package org.sealpost.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HmacSm3Test {

    private final byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final byte[] data = "register row 42".getBytes(StandardCharsets.UTF_8);

    @Test
    void verifiesItsOwnTagAndRejectsAlteredDataOrKey() {
        byte[] tag = HmacSm3.mac(key, data);

        assertThat(tag).hasSize(32);
        assertThat(HmacSm3.verify(key, data, tag)).isTrue();
        byte[] otherKey = key.clone();
        otherKey[0] ^= 1;
        assertThat(HmacSm3.verify(otherKey, data, tag)).isFalse();
        data[3] ^= 1;
        assertThat(HmacSm3.verify(key, data, tag)).isFalse();
    }

    @Test
    void refusesShortKeys() {
        assertThatThrownBy(() -> HmacSm3.mac(new byte[8], data)).isInstanceOf(IllegalArgumentException.class);
    }
}
