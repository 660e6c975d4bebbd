package org.sealpost.server.unit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "office@example.cn",
                "zhang.wei@hzb.example",
                "ops+sealpost@mail.bank.com.cn",
                "o'brien@example.co.uk",
                "a_b-c@sub-domain.example.org",
                "x@xn--fiqs8s.xn--fiqs8s",
                "123@163.com"
            })
    void acceptsCommonAddresses(String address) {
        assertThat(EmailAddresses.isValid(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "office",
                "@example.cn",
                "office@",
                "office@example",
                "office@@example.cn",
                "a@b@example.cn",
                ".office@example.cn",
                "office.@example.cn",
                "of..fice@example.cn",
                "office@.example.cn",
                "office@example..cn",
                "office@example.cn.",
                "office@-example.cn",
                "office@example-.cn",
                "office@example.c",
                "office@example.123",
                "office@[10.0.0.1]",
                "张伟@example.cn",
                "office@例子.中国",
                "of fice@example.cn",
                " office@example.cn",
                "\"office\"@example.cn",
                "王主任 <office@example.cn>",
                "a@example.cn,b@example.cn",
                "a@example.cn;b@example.cn",
                "office@example.cn\r\nBcc: all@example.cn",
                "office@example.cn\n"
            })
    void rejectsMalformedAddressesAndHeaderBreakouts(String address) {
        assertThat(EmailAddresses.isValid(address)).isFalse();
    }

    @Test
    void rejectsNull() {
        assertThat(EmailAddresses.isValid(null)).isFalse();
    }

    @Test
    void allowsAtMost254CharactersAnd64BeforeTheAt() {
        String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(59) + ".cn";
        String longest = "a".repeat(64) + "@" + domain.substring(1);
        assertThat(longest).hasSize(254);
        assertThat(EmailAddresses.isValid(longest)).isTrue();
        assertThat(EmailAddresses.isValid("a".repeat(64) + "@" + domain)).isFalse();
        assertThat(EmailAddresses.isValid("a".repeat(65) + "@example.cn")).isFalse();
        assertThat(EmailAddresses.isValid("a@" + "b".repeat(64) + ".cn")).isFalse();
    }
}
