package org.sealpost.core.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.core.document.DocumentRejected.Reason;

/**
 * Office conversion. The tests that run LibreOffice are skipped (with the reason shown) when it is
 * not installed; install it with {@code apt-get install libreoffice-writer-nogui}.
 */
class OfficeConversionTest {

    private static final OfficeConversion CONVERSION = new OfficeConversion();

    @TempDir
    Path temp;

    @AfterAll
    static void stopLibreOffice() {
        CONVERSION.close();
    }

    @Test
    void convertedDocxIsInspectedAndItsMarkingFound() throws Exception {
        assumeTrue(
                OfficeConversion.available(),
                "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui");
        Path docx = temp.resolve("upload.bin");
        Files.write(docx, DocumentFixtures.docx(List.of("机密★10年", DocumentFixtures.CLEAN_TITLE, "各银行业金融机构：")));

        Path pdf = CONVERSION.toPdf(docx, temp);

        InspectedDocument document = new DocumentInspector(Limits.defaults()).inspect(pdf);
        assertThat(document.format()).isEqualTo(DocumentFormat.PDF);
        assertThat(document.text().get(0).lines()).contains(DocumentFixtures.CLEAN_TITLE);
        assertThat(ClassificationGuard.scan(document)).containsExactly(new Marking("机密★10年", "body", 1, 1));
        assertThat(docx).exists();
    }

    @Test
    void convertedOdtIsInspectedAndItsMarkingFound() throws Exception {
        assumeTrue(
                OfficeConversion.available(),
                "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui");
        Path odt = temp.resolve("upload.odt");
        Files.write(odt, DocumentFixtures.odt(List.of(DocumentFixtures.CLEAN_TITLE, "商密★5年")));

        InspectedDocument document = new DocumentInspector(Limits.defaults()).inspect(CONVERSION.toPdf(odt, temp));

        assertThat(document.text().get(0).lines()).first().isEqualTo(DocumentFixtures.CLEAN_TITLE);
        // LibreOffice spaces Latin digits from CJK text: "商密★5 年"; the guard tolerates the gap
        assertThat(ClassificationGuard.scan(document))
                .singleElement()
                .satisfies(m -> assertThat(m.found().replace(" ", ""))
                        .as(document.toString())
                        .isEqualTo("商密★5年"))
                .satisfies(m -> assertThat(m.location()).isEqualTo("page 1, line 2"));
    }

    @Test
    void hostileDocxIsRefusedBeforeLibreOfficeSeesIt() throws Exception {
        Path docx = temp.resolve("evil.docx");
        Map<String, byte[]> parts =
                new java.util.LinkedHashMap<>(DocumentFixtures.unzip(DocumentFixtures.docx(List.of("正文"))));
        parts.put("../../evil.xml", new byte[1]);
        Files.write(docx, DocumentFixtures.zip(parts));

        // an office home that does not exist proves LibreOffice is never reached
        OfficeConversion conversion = new OfficeConversion(temp.resolve("no-office"), Limits.defaults());
        assertThatThrownBy(() -> conversion.toPdf(docx, temp))
                .isInstanceOfSatisfying(
                        DocumentRejected.class, e -> assertThat(e.reason()).isEqualTo(Reason.PATH_TRAVERSAL));
    }

    @Test
    void nonOfficeFileIsRefusedAsUnknownFormat() throws Exception {
        Path ofd = temp.resolve("notice.docx");
        Files.write(ofd, DocumentFixtures.ofd(List.of(List.of("正文")), Map.of()));
        Path exe = temp.resolve("notice2.docx");
        Files.write(exe, new byte[] {'M', 'Z', 0, 0, 0, 0, 0, 0});

        OfficeConversion conversion = new OfficeConversion(temp, Limits.defaults());
        for (Path input : List.of(ofd, exe)) {
            assertThatThrownBy(() -> conversion.toPdf(input, temp))
                    .isInstanceOfSatisfying(
                            DocumentRejected.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_FORMAT));
        }
    }

    @Test
    void withoutLibreOfficeTheSenderIsToldToUploadPdfOrOfd() throws Exception {
        Path docx = temp.resolve("upload.docx");
        Files.write(docx, DocumentFixtures.docx(List.of(DocumentFixtures.CLEAN_TITLE)));
        Path emptyOfficeHome = Files.createDirectory(temp.resolve("office"));

        for (OfficeConversion missing : List.of(
                new OfficeConversion(emptyOfficeHome, Limits.defaults()),
                new OfficeConversion(null, Limits.defaults()))) {
            assertThatThrownBy(() -> missing.toPdf(docx, temp)).isInstanceOfSatisfying(DocumentRejected.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.CONVERTER_UNAVAILABLE);
                assertThat(e.getMessage())
                        .contains("LibreOffice is not installed")
                        .contains("upload the document as a PDF or OFD");
            });
        }
    }
}
