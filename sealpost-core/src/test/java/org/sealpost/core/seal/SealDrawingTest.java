package org.sealpost.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SealDrawingTest {

    private final SealDrawing drawing = new SealDrawing(CjkFonts.system());

    @Test
    void drawsA42MillimetreSealAt300DpiWithTransparentBackground() throws IOException {
        SealImage seal = drawing.render(SealDesign.of("浙江银监局办公室", "公章"), 300);

        assertThat(seal.widthPx()).isEqualTo(497); // 42 mm at 300 dpi
        assertThat(seal.widthMm()).isEqualTo(42.0);
        BufferedImage image = seal.decode();
        assertThat(alpha(image, 2, 2)).isZero(); // corner outside the ring
        assertThat(isRed(image, 497 / 2, 497 / 2)).isTrue(); // star centre
        assertThat(isRed(image, 497 / 2, 2)).isTrue(); // ring at the top
        Path out = Path.of("target", "seal-regulator-office.png");
        Files.createDirectories(out.getParent());
        Files.write(out, seal.png());
    }

    @Test
    void drawsBankBusinessSealWithCodeOnTheLowerArc() throws IOException {
        SealImage seal = drawing.render(new SealDesign("中国工商银行浙江省分行", "业务专用章", "3301000012345", 42.0), 300);

        BufferedImage image = seal.decode();
        long red = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (isRed(image, x, y)) {
                    red++;
                }
            }
        }
        // ring, star and text cover a fair share of the disc, but nowhere near all of it
        double share = red / (double) (image.getWidth() * image.getHeight());
        assertThat(share).isBetween(0.08, 0.45);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "seal-bank-business.png"), seal.png());
    }

    @Test
    void refusesWhenNoInstalledFontHasChineseGlyphs() {
        Font latinOnly = new Font("Latin Only", Font.PLAIN, 1) {
            @Override
            public int canDisplayUpTo(String str) {
                return 0;
            }
        };
        SealDrawing withoutCjk = new SealDrawing(new CjkFonts(() -> List.of(latinOnly)));

        assertThatThrownBy(() -> withoutCjk.render(SealDesign.of("浙江银监局办公室", "公章"), 300))
                .isInstanceOfSatisfying(
                        SealException.class, e -> assertThat(e.problem()).isEqualTo(SealProblem.NO_CJK_FONT))
                .hasMessageContaining("fonts-noto-cjk");
    }

    @Test
    void prefersANamedCjkFamilyOverOtherCapableFonts() {
        Font other = capable("Some Other CJK");
        Font noto = capable("Noto Sans CJK SC");

        assertThat(new CjkFonts(() -> List.of(other, noto)).find("公章").getFamily())
                .isEqualTo("Noto Sans CJK SC");
        assertThat(new CjkFonts(() -> List.of(other)).find("公章").getFamily()).isEqualTo("Some Other CJK");
    }

    @Test
    void refusesAnEmptyOrOverlongUnitName() {
        assertThatThrownBy(() -> SealDesign.of(" ", "公章"))
                .isInstanceOfSatisfying(
                        SealException.class, e -> assertThat(e.problem()).isEqualTo(SealProblem.INVALID_SEAL_DESIGN));
        assertThatThrownBy(() -> SealDesign.of("银".repeat(25), "公章")).isInstanceOf(SealException.class);
    }

    private static Font capable(String family) {
        return new Font(family, Font.PLAIN, 1) {
            @Override
            public String getFamily() {
                return family;
            }

            @Override
            public int canDisplayUpTo(String str) {
                return -1;
            }
        };
    }

    private static int alpha(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) >>> 24;
    }

    private static boolean isRed(BufferedImage image, int x, int y) {
        int argb = image.getRGB(x, y);
        int a = argb >>> 24;
        int r = (argb >> 16) & 0xFF;
        int g = (argb >> 8) & 0xFF;
        return a > 200 && r > 200 && g < 60;
    }
}
