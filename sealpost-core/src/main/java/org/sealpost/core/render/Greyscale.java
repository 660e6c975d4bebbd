package org.sealpost.core.render;

import java.awt.image.BufferedImage;

/** Desaturates an image, keeping its transparency: the grey of a de-sealed (脱密) copy. */
final class Greyscale {

    private Greyscale() {}

    /** ARGB copy of {@code source} where every pixel is its luminance (ITU-R BT.601), lightened a little. */
    static BufferedImage of(BufferedImage source) {
        int w = source.getWidth();
        int h = source.getHeight();
        BufferedImage grey = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            source.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                row[x] = greyPixel(row[x]);
            }
            grey.setRGB(0, y, w, 1, row, 0, w);
        }
        return grey;
    }

    static int greyPixel(int argb) {
        int r = (argb >> 16) & 0xFF;
        int g = (argb >> 8) & 0xFF;
        int b = argb & 0xFF;
        int l = (299 * r + 587 * g + 114 * b) / 1000;
        l = 64 + l * 3 / 4; // a red seal's luminance is dark; lift it so the grey reads as "not the original"
        return (argb & 0xFF000000) | (l << 16) | (l << 8) | l;
    }
}
