package org.sealpost.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.core.render.PixelChecks.Kind.BLUE;
import static org.sealpost.core.render.PixelChecks.Kind.DARK;
import static org.sealpost.core.render.PixelChecks.Kind.GREEN;
import static org.sealpost.core.render.PixelChecks.Kind.LIGHT_GREY;
import static org.sealpost.core.render.PixelChecks.Kind.STRONG_RED;
import static org.sealpost.core.render.PixelChecks.count;
import static org.sealpost.core.render.RenderFixtures.SEAL_MM;
import static org.sealpost.core.render.RenderFixtures.SEAL_X;
import static org.sealpost.core.render.RenderFixtures.SEAL_Y;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PageRendererTest {

    private static final RenderFixtures DOCS = RenderFixtures.shared();
    private static final Watermark WATERMARK = new Watermark("中国工商银行浙江省分行", "张三", RenderFixtures.NOW);

    private final PageRenderer renderer = PageRenderer.system();

    @Test
    void rendersAStampedPdfWithTextSealAndWatermark() throws IOException {
        BufferedImage page = png(renderer.renderPng(DOCS.stampedPdf, 1, WATERMARK));
        PixelChecks.save(page, "pdf-view");
        float dpi = PageRenderer.SCREEN_DPI;

        assertThat(page.getWidth()).isBetween(905, 912); // 210 mm at 110 dpi
        assertThat(count(page, dpi, 20, 24, 120, 11, DARK)).as("title text").isGreaterThan(300);
        assertThat(count(page, dpi, SEAL_X, SEAL_Y, SEAL_MM, SEAL_MM, STRONG_RED))
                .as("seal")
                .isGreaterThan(1500);
        assertThat(count(page, dpi, 0, 200, 210, 97, LIGHT_GREY))
                .as("watermark")
                .isGreaterThan(2000);
    }

    @Test
    void rendersAStampedOfdWithTextPathImageSealAndWatermark() throws IOException {
        BufferedImage page = png(renderer.renderPng(DOCS.stampedOfd, 1, WATERMARK));
        PixelChecks.save(page, "ofd-view");
        float dpi = PageRenderer.SCREEN_DPI;

        assertThat(page.getWidth()).isBetween(905, 912);
        assertThat(count(page, dpi, 20, 24, 120, 11, DARK)).as("title text").isGreaterThan(300);
        assertThat(count(page, dpi, 22, 62, 56, 26, BLUE)).as("filled path").isGreaterThan(20_000);
        assertThat(count(page, dpi, 112, 62, 36, 26, GREEN)).as("image").isGreaterThan(12_000);
        assertThat(count(page, dpi, SEAL_X, SEAL_Y, SEAL_MM, SEAL_MM, STRONG_RED))
                .as("seal")
                .isGreaterThan(1500);
        assertThat(count(page, dpi, 0, 200, 210, 97, LIGHT_GREY))
                .as("watermark")
                .isGreaterThan(2000);
    }

    private static BufferedImage png(byte[] png) throws IOException {
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        return ImageIO.read(new ByteArrayInputStream(png));
    }
}
