package org.sealpost.core.render;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.sealpost.core.seal.CjkFonts;

/** Repeated diagonal semi-transparent text over a whole page image. */
final class WatermarkPainter {

    /** Grey at about a fifth opacity: readable on white, does not hide the text beneath. */
    static final Color INK = new Color(0x60, 0x60, 0x60);

    static final float OPACITY = 0.22f;

    private WatermarkPainter() {}

    static void paint(BufferedImage image, String text, CjkFonts fonts) {
        Font font = fonts.find(text);
        int width = image.getWidth();
        int height = image.getHeight();
        float size = Math.max(10f, width / 38f);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, OPACITY));
            g.setColor(INK);
            g.setFont(font.deriveFont(Font.PLAIN, size));
            TextLayout layout = new TextLayout(text, g.getFont(), g.getFontRenderContext());
            Rectangle2D bounds = layout.getBounds();
            double stepX = bounds.getWidth() + size * 3;
            double stepY = size * 6;
            double diagonal = Math.hypot(width, height);
            g.transform(AffineTransform.getRotateInstance(-Math.PI / 6, width / 2.0, height / 2.0));
            int row = 0;
            for (double y = (height - diagonal) / 2; y < (height + diagonal) / 2; y += stepY, row++) {
                double offset = (row % 2) * stepX / 2;
                for (double x = (width - diagonal) / 2 - offset; x < (width + diagonal) / 2; x += stepX) {
                    layout.draw(g, (float) x, (float) y);
                }
            }
        } finally {
            g.dispose();
        }
    }
}
