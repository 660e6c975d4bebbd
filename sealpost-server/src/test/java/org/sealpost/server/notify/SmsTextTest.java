package org.sealpost.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SmsTextTest {

    @Test
    void shortChineseTextIsOneUcs2PartWithoutHeader() {
        SmsText text = SmsText.of("【SealPost】您单位的签名证书将于2027年1月5日到期，请及时更新。", 4, 7);

        assertThat(text.concatenated()).isFalse();
        assertThat(text.parts()).hasSize(1);
        assertThat(new String(text.parts().get(0), StandardCharsets.UTF_16BE))
                .isEqualTo("【SealPost】您单位的签名证书将于2027年1月5日到期，请及时更新。");
    }

    @Test
    void seventyCharactersStillFitOnePart() {
        assertThat(SmsText.of("证".repeat(70), 4, 1).parts()).hasSize(1);
    }

    @Test
    void longTextIsSplitIntoConcatenatedPartsWithHeaders() {
        String body = "甲".repeat(67) + "乙".repeat(67) + "丙".repeat(10);
        SmsText text = SmsText.of(body, 4, 0x2A);

        assertThat(text.concatenated()).isTrue();
        assertThat(text.parts()).hasSize(3);
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            byte[] part = text.parts().get(i);
            assertThat(Arrays.copyOf(part, 6)).containsExactly(5, 0, 3, 0x2A, 3, i + 1);
            assertThat(part.length).isLessThanOrEqualTo(140);
            joined.append(new String(part, 6, part.length - 6, StandardCharsets.UTF_16BE));
        }
        assertThat(joined).hasToString(body);
    }

    @Test
    void textBeyondMaxPartsIsCutWithEllipsis() {
        SmsText text = SmsText.of("字".repeat(500), 2, 1);

        assertThat(text.parts()).hasSize(2);
        byte[] last = text.parts().get(1);
        String tail = new String(last, 6, last.length - 6, StandardCharsets.UTF_16BE);
        assertThat(tail).hasSize(67).endsWith("…");
    }

    @Test
    void surrogatePairIsNeverSplitAcrossParts() {
        String body = "a".repeat(66) + "😀" + "b".repeat(10);
        SmsText text = SmsText.of(body, 4, 1);

        byte[] first = text.parts().get(0);
        assertThat(new String(first, 6, first.length - 6, StandardCharsets.UTF_16BE))
                .isEqualTo("a".repeat(66));
    }
}
