package org.sealpost.core.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;

/** Counting pixels of a kind inside a rectangle given in millimetres from the page's top-left. */
final class PixelChecks {

    private PixelChecks() {}

    enum Kind {
        /** The seal's red (E60012): strongly red, little green or blue. */
        STRONG_RED,
        /** Dark text or lines. */
        DARK,
        /** Watermark grey over white: neutral, lighter than text, darker than paper. */
        LIGHT_GREY,
        /** Neutral grey of any lightness except white and near-black: a greyed seal. */
        GREY,
        BLUE,
        GREEN
    }

    static int count(BufferedImage image, double dpi, double xMm, double yMm, double wMm, double hMm, Kind kind) {
        return count(image, dpi, xMm, yMm, wMm, hMm, rgb -> is(rgb, kind));
    }

    static int count(
            BufferedImage image,
            double dpi,
            double xMm,
            double yMm,
            double wMm,
            double hMm,
            java.util.function.IntPredicate test) {
        double px = dpi / 25.4;
        int x0 = (int) Math.max(0, xMm * px);
        int y0 = (int) Math.max(0, yMm * px);
        int x1 = (int) Math.min(image.getWidth(), (xMm + wMm) * px);
        int y1 = (int) Math.min(image.getHeight(), (yMm + hMm) * px);
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (test.test(image.getRGB(x, y))) {
                    n++;
                }
            }
        }
        return n;
    }

    static boolean is(int rgb, Kind kind) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        int spread = Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
        return switch (kind) {
            case STRONG_RED -> r > 170 && g < 90 && b < 90;
            case DARK -> r < 90 && g < 90 && b < 90;
            case LIGHT_GREY -> spread < 12 && r > 150 && r < 235;
            case GREY -> spread < 12 && r > 40 && r < 235;
            case BLUE -> b > 170 && r < 80 && g < 80;
            case GREEN -> g > 120 && r < 60 && b < 60;
        };
    }

    /** Renders a PDF page (from 1) with PDFBox, as a viewer or printer would. */
    static BufferedImage renderPdf(byte[] pdf, int page, float dpi) {
        try (PDDocument doc = Loader.loadPDF(pdf, "", null, null, IOUtils.createMemoryOnlyStreamCache())) {
            return new PDFRenderer(doc).renderImageWithDPI(page - 1, dpi);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps a copy under target/render for a person to look at. */
    static void save(BufferedImage image, String name) {
        try {
            Path dir = Path.of("target", "render");
            Files.createDirectories(dir);
            ImageIO.write(image, "png", dir.resolve(name + ".png").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
