package org.sealpost.core.seal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Small PDFs made at test time. */
final class PdfFixtures {

    private PdfFixtures() {}

    /** Page 1: text; page 2: only a drawn box; page 3: empty; page 4: a path built but never painted. */
    static byte[] mixedPages() throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage text = new PDPage(PDRectangle.A4);
            doc.addPage(text);
            try (PDPageContentStream cs = new PDPageContentStream(doc, text)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                cs.newLineAtOffset(72, 760);
                cs.showText("Notice on the electronic exchange of official documents, No. 2026-17");
                cs.endText();
            }
            PDPage drawing = new PDPage(PDRectangle.A4);
            doc.addPage(drawing);
            try (PDPageContentStream cs = new PDPageContentStream(doc, drawing)) {
                cs.addRect(100, 100, 300, 200);
                cs.stroke();
            }
            doc.addPage(new PDPage(PDRectangle.A4));
            PDPage unpainted = new PDPage(PDRectangle.A4);
            doc.addPage(unpainted);
            try (PDPageContentStream cs = new PDPageContentStream(doc, unpainted)) {
                cs.addRect(100, 100, 300, 200);
                cs.closePath();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }
}
