package org.sealpost.server.unit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    @ParameterizedTest
    @ValueSource(strings = {"13812341234", "19900000000", "15012345678"})
    void acceptsMainlandMobiles(String number) {
        assertThat(PhoneNumbers.isMobile(number)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12812341234", "1381234123", "138123412345", "+8613812341234", "138-1234-1234", "abc"})
    void rejectsMalformedMobiles(String number) {
        assertThat(PhoneNumbers.isMobile(number)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0571-87654321", "010-1234567", "0571-87654321-123"})
    void acceptsLandlinesWithAreaCode(String number) {
        assertThat(PhoneNumbers.isLandline(number)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"87654321", "571-87654321", "0571 87654321", "0571-123"})
    void rejectsLandlinesWithoutAreaCodeOrHyphen(String number) {
        assertThat(PhoneNumbers.isLandline(number)).isFalse();
    }

    @Test
    void masksTheMiddleOfAMobile() {
        assertThat(PhoneNumbers.mask("13812341234")).isEqualTo("138****1234");
    }

    @Test
    void masksALandlineButItsAreaCodeAndLastFourDigits() {
        assertThat(PhoneNumbers.mask("0571-87654321")).isEqualTo("0571-****4321");
        assertThat(PhoneNumbers.mask("010-1234567")).isEqualTo("010-***4567");
    }

    @Test
    void masksAnythingElseButItsEnd() {
        assertThat(PhoneNumbers.mask("12345678")).isEqualTo("****5678");
        assertThat(PhoneNumbers.mask(null)).isNull();
    }

    @Test
    void masksAnEmailsLocalPartAfterItsFirstCharacter() {
        assertThat(PhoneNumbers.maskEmail("zhang.wei@hzb.example")).isEqualTo("z***@hzb.example");
        assertThat(PhoneNumbers.maskEmail("a@example.cn")).isEqualTo("a***@example.cn");
        assertThat(PhoneNumbers.maskEmail(null)).isNull();
    }
}
