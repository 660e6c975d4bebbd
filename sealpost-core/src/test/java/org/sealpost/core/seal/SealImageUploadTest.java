package org.sealpost.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SealImageUploadTest {

    @Test
    void acceptsAPngAndKeepsItsAspectRatio() throws IOException {
        SealImage image = SealImage.fromUpload(encode(400, 200, "png"), 40);

        assertThat(image.widthPx()).isEqualTo(400);
        assertThat(image.heightMm()).isEqualTo(20.0);
        assertThat(image.png()).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void acceptsAJpegAndStoresItAsPng() throws IOException {
        SealImage image = SealImage.fromUpload(encode(300, 300, "jpeg"), 42);

        assertThat(image.png()).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void refusesAnUploadThatIsNotAnImage() {
        byte[] pdf = "%PDF-1.7\n...".getBytes(StandardCharsets.US_ASCII);

        assertRefused(pdf, SealProblem.IMAGE_NOT_PNG_OR_JPEG);
        assertRefused(new byte[0], SealProblem.IMAGE_NOT_PNG_OR_JPEG);
    }

    @Test
    void refusesAnImageInAnotherFormatEvenWhenItIsValid() throws IOException {
        assertRefused(encode(100, 100, "gif"), SealProblem.IMAGE_NOT_PNG_OR_JPEG);
    }

    @Test
    void refusesAHugeImageFromItsHeaderWithoutDecodingIt() throws IOException {
        byte[] png = encode(64, 64, "png");
        // claim 100000×100000 pixels in the IHDR chunk (bytes 16-23); the CRC no longer matches,
        // which does not matter because the size is refused before anything is decoded
        byte[] bomb = Arrays.copyOf(png, png.length);
        writeInt(bomb, 16, 100_000);
        writeInt(bomb, 20, 100_000);

        assertRefused(bomb, SealProblem.IMAGE_TOO_LARGE);
    }

    @Test
    void refusesAnUploadOverTwoMegabytes() throws IOException {
        byte[] png = encode(64, 64, "png");
        byte[] padded = Arrays.copyOf(png, SealImage.MAX_UPLOAD_BYTES + 1);

        assertRefused(padded, SealProblem.IMAGE_TOO_LARGE);
    }

    @Test
    void refusesATruncatedImage() throws IOException {
        byte[] png = encode(200, 200, "png");

        assertRefused(Arrays.copyOf(png, 40), SealProblem.IMAGE_UNREADABLE);
    }

    private static void assertRefused(byte[] upload, SealProblem problem) {
        assertThatThrownBy(() -> SealImage.fromUpload(upload, 42))
                .isInstanceOfSatisfying(
                        SealException.class, e -> assertThat(e.problem()).isEqualTo(problem));
    }

    private static void writeInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }

    static byte[] encode(int width, int height, String format) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(width / 2, height / 2, 0xE60012);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }
}
