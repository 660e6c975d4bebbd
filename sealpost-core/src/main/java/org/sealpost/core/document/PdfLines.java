package org.sealpost.core.document;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * A page's text as lines, grouped by baseline rather than by PDFBox's own line detection. PDFBox
 * in content-stream order puts a glyph from a fallback font (LibreOffice writes {@code ★} in its own
 * run) ahead of the text it sits in; sorted by position it merges adjacent lines whenever a CJK
 * font's glyph box is taller than the line pitch, interleaving their characters. Either way a
 * marking would be lost. Here glyphs (after PDFBox's removal of fake-bold duplicates) whose
 * baselines lie within half a font size form a line, read left to right.
 */
final class PdfLines extends PDFTextStripper {

    private List<String> lines = List.of();

    PdfLines() {
        setSortByPosition(false);
    }

    /** The non-blank lines of one page (1-based), top to bottom. */
    List<String> page(PDDocument document, int page) throws IOException {
        lines = List.of();
        setStartPage(page);
        setEndPage(page);
        getText(document);
        return lines;
    }

    @Override
    protected void writePage() throws IOException {
        List<TextPosition> glyphs = new ArrayList<>();
        for (List<TextPosition> article : getCharactersByArticle()) {
            glyphs.addAll(article);
        }
        lines = group(glyphs);
    }

    private static float size(TextPosition glyph) {
        float size = glyph.getFontSizeInPt();
        return size > 0 && Float.isFinite(size) ? size : Math.max(1, glyph.getHeightDir());
    }

    private static List<String> group(List<TextPosition> glyphs) {
        List<TextPosition> sorted = new ArrayList<>(glyphs);
        sorted.removeIf(
                g -> g.getUnicode() == null || !Float.isFinite(g.getYDirAdj()) || !Float.isFinite(g.getXDirAdj()));
        sorted.sort(Comparator.comparingDouble(TextPosition::getYDirAdj).thenComparingDouble(TextPosition::getXDirAdj));
        List<List<TextPosition>> grouped = new ArrayList<>();
        float lineY = Float.NaN;
        for (TextPosition glyph : sorted) {
            if (grouped.isEmpty() || Math.abs(glyph.getYDirAdj() - lineY) > Math.max(1, size(glyph) / 2)) {
                grouped.add(new ArrayList<>());
                lineY = glyph.getYDirAdj();
            }
            grouped.get(grouped.size() - 1).add(glyph);
        }
        List<String> lines = new ArrayList<>(grouped.size());
        for (List<TextPosition> line : grouped) {
            line.sort(Comparator.comparingDouble(TextPosition::getXDirAdj));
            StringBuilder text = new StringBuilder();
            TextPosition previous = null;
            for (TextPosition glyph : line) {
                if (previous != null
                        && glyph.getXDirAdj() - (previous.getXDirAdj() + previous.getWidthDirAdj())
                                > size(glyph) * 0.3) {
                    text.append(' ');
                }
                text.append(glyph.getUnicode());
                previous = glyph;
            }
            lines.addAll(Lines.of(text.toString()));
        }
        return lines;
    }
}
