package org.sealpost.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;
import org.sealpost.core.seal.CjkFonts;

class TablePdfTest {

    @Test
    void writesALongChineseTableOverSeveralPagesWithInk() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            rows.add(List.of(String.valueOf(i + 1), "中国工商银行浙江省分行第" + i + "支行", "超时未签收 " + i + " 件", "98.5%"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TablePdf(CjkFonts.system())
                .write(
                        "2026年11月电子政务传输系统运行情况通报",
                        "浙江银监局办公室",
                        List.of(
                                new TablePdf.Section("一、表扬", "以下单位按时签收、每日登录合规。", List.of(), List.of()),
                                new TablePdf.Section("二、通报批评", null, List.of("序号", "单位", "问题", "登录合规率"), rows)),
                        out);
        try (PDDocument doc = Loader.loadPDF(out.toByteArray())) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(2);
            assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("2026年11月电子政务传输系统运行情况通报");
            BufferedImage page = new PDFRenderer(doc).renderImage(0, 1f);
            int dark = 0;
            for (int y = 0; y < 80; y++) {
                for (int x = 0; x < page.getWidth(); x++) {
                    if ((page.getRGB(x, y) & 0xff) < 128) {
                        dark++;
                    }
                }
            }
            // the title is drawn: a band of the first page's top has ink
            assertThat(dark).isGreaterThan(200);
        }
    }

    @Test
    void refusesARowWithTheWrongNumberOfCells() {
        assertThatThrownBy(() -> new TablePdf.Section("t", null, List.of("a", "b"), List.of(List.of("1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 cells for 2 columns");
    }
}
