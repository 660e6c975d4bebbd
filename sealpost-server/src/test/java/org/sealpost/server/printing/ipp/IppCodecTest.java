package org.sealpost.server.printing.ipp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The IPP/1.1 encoding against RFC 8010's layout, and refusal of malformed input. */
class IppCodecTest {

    @Test
    void encodesAPrintJobRequestByteForByte() {
        IppMessage request = IppMessage.request(IppMessage.PRINT_JOB, 7)
                .add("printer-uri", IppMessage.Value.text(IppMessage.URI, "ipp://h/p"))
                .build("%PDF".getBytes(StandardCharsets.US_ASCII));
        String hex = HexFormat.of().formatHex(IppCodec.encode(request));
        assertThat(hex)
                .isEqualTo("0101" + "0002" + "00000007" + "01"
                        + "47" + "0012" + hex("attributes-charset") + "0005" + hex("utf-8")
                        + "48" + "001b" + hex("attributes-natural-language") + "0002" + hex("en")
                        + "45" + "000b" + hex("printer-uri") + "0009" + hex("ipp://h/p")
                        + "03" + hex("%PDF"));
    }

    @Test
    void decodesAResponseWithGroupsSetsAndData() {
        IppMessage response = new IppMessage(
                IppMessage.VERSION_1_1,
                0x0000,
                42,
                List.of(
                        new IppMessage.Group(
                                IppMessage.OPERATION_ATTRIBUTES,
                                List.of(IppMessage.Attribute.of(
                                        "status-message", IppMessage.Value.text(IppMessage.TEXT, "successful-ok")))),
                        new IppMessage.Group(
                                IppMessage.JOB_ATTRIBUTES,
                                List.of(
                                        IppMessage.Attribute.of(
                                                "job-id", IppMessage.Value.integer(IppMessage.INTEGER, 12)),
                                        IppMessage.Attribute.of(
                                                "job-state", IppMessage.Value.integer(IppMessage.ENUM, 9)),
                                        IppMessage.Attribute.of(
                                                "job-state-reasons",
                                                IppMessage.Value.text(IppMessage.KEYWORD, "job-completed-successfully"),
                                                IppMessage.Value.text(IppMessage.KEYWORD, "other"))))),
                new byte[] {1, 2});
        IppMessage decoded = IppCodec.decode(IppCodec.encode(response));
        assertThat(decoded.requestId()).isEqualTo(42);
        assertThat(decoded.successful()).isTrue();
        assertThat(decoded.integer(IppMessage.JOB_ATTRIBUTES, "job-id")).contains(12);
        assertThat(JobState.of(
                        decoded.integer(IppMessage.JOB_ATTRIBUTES, "job-state").orElseThrow()))
                .isEqualTo(JobState.COMPLETED);
        assertThat(decoded.attribute(IppMessage.JOB_ATTRIBUTES, "job-state-reasons")
                        .orElseThrow()
                        .values())
                .extracting(IppMessage.Value::asText)
                .containsExactly("job-completed-successfully", "other");
        assertThat(decoded.text(IppMessage.OPERATION_ATTRIBUTES, "status-message"))
                .contains("successful-ok");
        assertThat(decoded.data()).containsExactly(1, 2);
    }

    @Test
    void refusesTruncatedAndIllFormedMessages() {
        byte[] whole = IppCodec.encode(IppMessage.request(IppMessage.GET_JOB_ATTRIBUTES, 1)
                .add("job-id", IppMessage.Value.integer(IppMessage.INTEGER, 3))
                .build(null));
        for (int cut = 0; cut < whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> IppCodec.decode(part)).isInstanceOf(IppException.class);
        }
        // an attribute before any group, an additional value with nothing before it
        assertThatThrownBy(() ->
                        IppCodec.decode(HexFormat.of().parseHex("0101000000000001" + "21000161000400000001" + "03")))
                .isInstanceOf(IppException.class);
        assertThatThrownBy(
                        () -> IppCodec.decode(HexFormat.of().parseHex("010100000000000101" + "21000000040000000103")))
                .isInstanceOf(IppException.class);
        // a length running past the end
        assertThatThrownBy(() -> IppCodec.decode(HexFormat.of().parseHex("01010000000000010121ffff")))
                .isInstanceOf(IppException.class);
        assertThatThrownBy(() -> JobState.of(99)).isInstanceOf(IppException.class);
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.US_ASCII));
    }
}
