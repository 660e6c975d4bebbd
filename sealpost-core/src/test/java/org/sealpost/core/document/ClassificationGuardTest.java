package org.sealpost.core.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClassificationGuardTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "绝密",
                "机密",
                "秘密",
                "商密",
                "绝密★",
                "机密★",
                "秘密★",
                "商密★",
                "秘密★1年",
                "机密★10年",
                "绝密★长期",
                "商密★5年",
                "机密★6个月",
                "秘密☆3年",
                "秘密*1年",
                "秘密＊１年",
                "绝密★永久",
                "秘 密",
                "机　密",
                "绝\u200b密",
                "秘 密 ★ 1 年",
                "絕密",
                "機密★10年",
                "祕密",
                "核心商密",
                "普通商密★3年",
                "秘密 1年"
            })
    void findsEveryMarkingFormStandingAlone(String marking) {
        List<Marking> found = ClassificationGuard.scanText("title", marking);

        assertThat(found).singleElement().satisfies(m -> {
            assertThat(m.where()).isEqualTo("title");
            assertThat(m.page()).isZero();
            assertThat(m.line()).isZero();
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "密级：秘密",
                "【机密】关于风险处置的通知",
                "(绝密) 会议纪要",
                "000123   机密★10年",
                "银保监发〔2026〕1号   秘密",
                "本件定为秘密★1年，请妥善保管",
                "商业秘密★5年"
            })
    void findsMarkingsSetApartInALine(String line) {
        assertThat(ClassificationGuard.scanText("body", line)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "关于做好电子公文传输工作的通知",
                "各机构应当依法保护商业秘密和个人信息",
                "不得涉及国家秘密",
                "信息系统应当保障数据的机密性和完整性",
                "做好保密工作",
                "秘密地进行",
                "机密文件不得通过本系统传输",
                "国 家 秘 密",
                "内部 敏感",
                "秘书处",
                ""
            })
    void ordinaryWordsAreNotMarkings(String text) {
        assertThat(ClassificationGuard.scanText("body", text)).isEmpty();
    }

    @Test
    void reportsWhatWasFound() {
        assertThat(ClassificationGuard.scanText("title", "机密★10年 关于……"))
                .extracting(Marking::found)
                .containsExactly("机密★10年");
        assertThat(ClassificationGuard.scanText("keywords", "通知；秘密；商密★5年"))
                .extracting(Marking::found)
                .containsExactly("秘密", "商密★5年");
    }

    @Test
    void reportsPageAndLineInTheBodyAndFieldNameInMetadata() {
        InspectedDocument document = new InspectedDocument(
                DocumentFormat.PDF,
                2,
                List.of(
                        new PageText(1, List.of("关于做好电子公文传输工作的通知", "各有关单位：")),
                        new PageText(2, List.of("附件", "此页无正文", "秘密★1年"))),
                Map.of("keywords", "通知,绝密"));

        assertThat(ClassificationGuard.scan(document))
                .containsExactly(new Marking("绝密", "keywords", 0, 0), new Marking("秘密★1年", "body", 2, 3));
        assertThat(new Marking("秘密★1年", "body", 2, 3).location()).isEqualTo("page 2, line 3");
    }

    @Test
    void aCleanDocumentHasNoMarkings() {
        InspectedDocument document =
                new InspectedDocument(DocumentFormat.OFD, 1, List.of(new PageText(1, List.of("关于做好电子公文传输工作的通知"))));

        assertThat(ClassificationGuard.scan(document)).isEmpty();
        assertThat(document.hasText()).isTrue();
    }
}
