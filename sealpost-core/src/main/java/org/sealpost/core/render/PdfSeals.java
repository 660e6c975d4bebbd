package org.sealpost.core.render;

import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDNonTerminalField;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.util.Matrix;

/**
 * Turns a sealed PDF into one without signatures: each signature widget's appearance (the seal
 * picture) is drawn into the page content as stamped or in grey, or dropped, and the signature
 * fields, their signature dictionaries and seal records disappear. The page content itself (text,
 * fonts, drawings) is untouched, so text stays selectable.
 */
final class PdfSeals {

    /** Resolution at which a seal appearance is rasterised for greying. */
    private static final float GREY_DPI = 300;

    private PdfSeals() {}

    /** True for a widget annotation of a signature field ({@code /FT /Sig}, possibly inherited). */
    static boolean isSignatureWidget(PDAnnotation annotation) {
        COSDictionary dict = annotation.getCOSObject();
        if (!COSName.WIDGET.equals(dict.getCOSName(COSName.SUBTYPE))) {
            return false;
        }
        for (int depth = 0; dict != null && depth < 32; depth++) {
            if (COSName.SIG.equals(dict.getCOSName(COSName.FT))) {
                return true;
            }
            COSBase parent = dict.getDictionaryObject(COSName.PARENT);
            dict = parent instanceof COSDictionary p ? p : null;
        }
        return false;
    }

    /** Flattens every signature widget of {@code doc} in {@code style}; returns how many there were. */
    static int flatten(PDDocument doc, SealStyle style) throws IOException {
        int count = 0;
        for (PDPage page : doc.getPages()) {
            List<PDAnnotation> kept = new ArrayList<>();
            List<PDAnnotation> seals = new ArrayList<>();
            for (PDAnnotation annotation : page.getAnnotations()) {
                (isSignatureWidget(annotation) ? seals : kept).add(annotation);
            }
            if (seals.isEmpty()) {
                continue;
            }
            count += seals.size();
            if (style != SealStyle.HIDDEN) {
                try (PDPageContentStream cs =
                        new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
                    for (PDAnnotation seal : seals) {
                        draw(doc, cs, seal, style);
                    }
                }
            }
            page.setAnnotations(kept);
        }
        PDAcroForm form = doc.getDocumentCatalog().getAcroForm(null);
        if (form != null) {
            List<PDField> fields = withoutSignatures(form.getFields(), 0);
            form.setFields(fields);
            form.getCOSObject().removeItem(COSName.SIG_FLAGS);
            if (fields.isEmpty()) {
                doc.getDocumentCatalog().setAcroForm(null);
            }
        }
        doc.getDocumentCatalog().getCOSObject().removeItem(COSName.PERMS);
        doc.getDocumentCatalog().getCOSObject().removeItem(COSName.getPDFName("DSS"));
        return count;
    }

    /** The field tree without signature fields, at any depth (a signature may sit under a parent field). */
    private static List<PDField> withoutSignatures(List<PDField> fields, int depth) {
        List<PDField> kept = new ArrayList<>();
        for (PDField field : fields) {
            if (field instanceof PDSignatureField) {
                continue;
            }
            if (field instanceof PDNonTerminalField parent && depth < 32) {
                parent.setChildren(withoutSignatures(parent.getChildren(), depth + 1));
            }
            kept.add(field);
        }
        return kept;
    }

    private static void draw(PDDocument doc, PDPageContentStream cs, PDAnnotation seal, SealStyle style)
            throws IOException {
        if (seal.isHidden() || seal.isNoView()) {
            return;
        }
        PDAppearanceStream appearance = seal.getNormalAppearanceStream();
        PDRectangle rect = seal.getRectangle();
        if (appearance == null || rect == null || rect.getWidth() <= 0 || rect.getHeight() <= 0) {
            return;
        }
        PDFormXObject form = appearance;
        Rectangle2D box = transformedBBox(form);
        if (box == null) {
            return;
        }
        if (style == SealStyle.AS_STAMPED) {
            // PDF 32000 12.5.5: the form's transformed bounding box is fitted onto the annotation rectangle
            AffineTransform fit = new AffineTransform();
            fit.translate(rect.getLowerLeftX(), rect.getLowerLeftY());
            fit.scale(rect.getWidth() / box.getWidth(), rect.getHeight() / box.getHeight());
            fit.translate(-box.getX(), -box.getY());
            cs.saveGraphicsState();
            cs.transform(new Matrix(fit));
            cs.drawForm(form);
            cs.restoreGraphicsState();
        } else {
            BufferedImage grey = Greyscale.of(rasterise(form, box));
            PDImageXObject image = LosslessFactory.createFromImage(doc, grey);
            cs.drawImage(image, rect.getLowerLeftX(), rect.getLowerLeftY(), rect.getWidth(), rect.getHeight());
        }
    }

    private static Rectangle2D transformedBBox(PDFormXObject form) {
        PDRectangle bbox = form.getBBox();
        if (bbox == null || bbox.getWidth() <= 0 || bbox.getHeight() <= 0) {
            return null;
        }
        Rectangle2D box =
                new Rectangle2D.Float(bbox.getLowerLeftX(), bbox.getLowerLeftY(), bbox.getWidth(), bbox.getHeight());
        Rectangle2D t = form.getMatrix()
                .createAffineTransform()
                .createTransformedShape(box)
                .getBounds2D();
        return t.getWidth() > 0 && t.getHeight() > 0 ? t : null;
    }

    /** Draws the appearance alone on a transparent page of its own size and renders that page. */
    private static BufferedImage rasterise(PDFormXObject form, Rectangle2D box) throws IOException {
        try (PDDocument scratch = new PDDocument(IOUtils.createMemoryOnlyStreamCache())) {
            float w = (float) Math.min(box.getWidth(), 1000);
            float h = (float) Math.min(box.getHeight(), 1000);
            PDPage page = new PDPage(new PDRectangle(w, h));
            scratch.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(scratch, page)) {
                cs.transform(Matrix.getScaleInstance(w / (float) box.getWidth(), h / (float) box.getHeight()));
                cs.transform(Matrix.getTranslateInstance((float) -box.getX(), (float) -box.getY()));
                cs.drawForm(form);
            }
            return new PDFRenderer(scratch).renderImage(0, GREY_DPI / 72f, ImageType.ARGB);
        }
    }
}
