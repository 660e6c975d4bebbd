package org.sealpost.core.seal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A seal's picture: PNG bytes and the printed size in millimetres. Built either by {@link
 * SealDrawing} or from an uploaded image through {@link #fromUpload(byte[], double)}, which checks
 * the upload before decoding it.
 */
public final class SealImage {

    /** Largest accepted upload, in bytes. */
    public static final int MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
    /** Largest accepted upload side, in pixels; checked from the header, before decoding. */
    public static final int MAX_SIDE_PX = 2000;

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    private final byte[] png;
    private final int widthPx;
    private final int heightPx;
    private final double widthMm;
    private final double heightMm;

    private SealImage(byte[] png, int widthPx, int heightPx, double widthMm, double heightMm) {
        if (!(widthMm > 0 && widthMm <= 100 && heightMm > 0 && heightMm <= 100)) {
            throw new SealException(SealProblem.INVALID_SEAL_DESIGN, "A seal image must be 1 to 100 mm on each side");
        }
        this.png = png;
        this.widthPx = widthPx;
        this.heightPx = heightPx;
        this.widthMm = widthMm;
        this.heightMm = heightMm;
    }

    static SealImage of(BufferedImage image, double widthMm, double heightMm) {
        return new SealImage(encodePng(image), image.getWidth(), image.getHeight(), widthMm, heightMm);
    }

    /**
     * A seal image as stored in a seal record: PNG bytes whose dimensions are already known good.
     * The PNG is still read header-first, so a hostile record cannot smuggle in a huge image.
     */
    public static SealImage ofPng(byte[] png, double widthMm, double heightMm) {
        int[] size = checkedSize(png);
        return new SealImage(png.clone(), size[0], size[1], widthMm, heightMm);
    }

    /**
     * Accepts an uploaded seal image: PNG or JPEG by magic bytes, at most {@value #MAX_UPLOAD_BYTES}
     * bytes and {@value #MAX_SIDE_PX} pixels a side (read from the header before any decoding),
     * re-encoded as PNG without its metadata. The printed height follows the aspect ratio.
     *
     * @throws SealException {@link SealProblem#IMAGE_NOT_PNG_OR_JPEG}, {@link
     *     SealProblem#IMAGE_TOO_LARGE} or {@link SealProblem#IMAGE_UNREADABLE}
     */
    public static SealImage fromUpload(byte[] upload, double widthMm) {
        int[] size = checkedSize(upload);
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(upload));
        } catch (IOException | RuntimeException e) {
            throw new SealException(SealProblem.IMAGE_UNREADABLE, "The seal image could not be decoded", e);
        }
        if (image == null) {
            throw new SealException(SealProblem.IMAGE_UNREADABLE, "The seal image could not be decoded");
        }
        return of(image, widthMm, widthMm * size[1] / size[0]);
    }

    private static int[] checkedSize(byte[] bytes) {
        if (bytes == null || !(startsWith(bytes, PNG_MAGIC) || startsWith(bytes, JPEG_MAGIC))) {
            throw new SealException(SealProblem.IMAGE_NOT_PNG_OR_JPEG, "A seal image must be a PNG or JPEG file");
        }
        if (bytes.length > MAX_UPLOAD_BYTES) {
            throw new SealException(
                    SealProblem.IMAGE_TOO_LARGE,
                    "A seal image may have at most " + MAX_UPLOAD_BYTES / 1024 + " KiB; this one has "
                            + bytes.length / 1024 + " KiB");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new SealException(SealProblem.IMAGE_UNREADABLE, "The seal image could not be read");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
                if (!format.equals("png") && !format.equals("jpeg")) {
                    throw new SealException(
                            SealProblem.IMAGE_NOT_PNG_OR_JPEG, "A seal image must be a PNG or JPEG file");
                }
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > MAX_SIDE_PX || height > MAX_SIDE_PX) {
                    throw new SealException(
                            SealProblem.IMAGE_TOO_LARGE,
                            "A seal image may be at most " + MAX_SIDE_PX + "×" + MAX_SIDE_PX + " pixels; this one is "
                                    + width + "×" + height);
                }
                if (width < 16 || height < 16) {
                    throw new SealException(SealProblem.IMAGE_UNREADABLE, "The seal image is too small to print");
                }
                return new int[] {width, height};
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new SealException(SealProblem.IMAGE_UNREADABLE, "The seal image could not be read", e);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] encodePng(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The PNG bytes (a copy). */
    public byte[] png() {
        return png.clone();
    }

    /** Decodes the PNG; safe because its size was checked when this object was made. */
    public BufferedImage decode() {
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int widthPx() {
        return widthPx;
    }

    public int heightPx() {
        return heightPx;
    }

    public double widthMm() {
        return widthMm;
    }

    public double heightMm() {
        return heightMm;
    }
}
