package org.sealpost.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
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
        assertThat(count(page, dpi, 0, 0, 18, 297, LIGHT_GREY))
                .as("watermark in the margin")
                .isGreaterThan(500);
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
        assertThat(count(page, dpi, 0, 0, 18, 297, LIGHT_GREY))
                .as("watermark in the margin")
                .isGreaterThan(500);
    }

    @Test
    void withoutAWatermarkTheMarginStaysWhite() throws IOException {
        BufferedImage page = png(renderer.renderPng(DOCS.stampedPdf, 1, null));
        assertThat(count(page, PageRenderer.SCREEN_DPI, 0, 0, 18, 297, LIGHT_GREY))
                .isZero();
    }

    @Test
    void greyAndHiddenSealStylesLeaveNoRedInTheSealArea() {
        for (byte[] document : new byte[][] {DOCS.stampedPdf, DOCS.stampedOfd}) {
            try (RenderableDocument doc = renderer.open(document)) {
                String kind = doc.format().name();
                BufferedImage grey = doc.render(1, 100, SealStyle.GREY);
                BufferedImage hidden = doc.render(1, 100, SealStyle.HIDDEN);
                assertThat(count(grey, 100, SEAL_X, SEAL_Y, SEAL_MM, SEAL_MM, STRONG_RED))
                        .as(kind)
                        .isZero();
                assertThat(count(grey, 100, SEAL_X, SEAL_Y, SEAL_MM, SEAL_MM, PixelChecks.Kind.GREY))
                        .as(kind + " grey seal")
                        .isGreaterThan(1000);
                assertThat(count(hidden, 100, SEAL_X, SEAL_Y, SEAL_MM, SEAL_MM, STRONG_RED))
                        .as(kind)
                        .isZero();
                assertThat(count(hidden, 100, SEAL_X, SEAL_Y, SEAL_MM, SEAL_MM, PixelChecks.Kind.GREY))
                        .isZero();
            }
        }
    }

    @Test
    void aWatermarkNamesUnitUserAndChinaTimeAndNeedsAllThree() {
        assertThat(WATERMARK.text()).isEqualTo("中国工商银行浙江省分行  张三  2026-11-27 16:00");
        assertRefused(() -> new Watermark(" ", "张三", RenderFixtures.NOW), RenderException.Problem.INVALID_REQUEST);
        assertRefused(() -> new Watermark("单位", null, RenderFixtures.NOW), RenderException.Problem.INVALID_REQUEST);
    }

    @Test
    void countsPagesAndRefusesPagesThatDoNotExist() {
        assertThat(renderer.pageCount(DOCS.stampedPdf)).isEqualTo(1);
        assertThat(renderer.pageCount(DOCS.stampedOfd)).isEqualTo(1);
        for (byte[] document : new byte[][] {DOCS.stampedPdf, DOCS.stampedOfd}) {
            for (int page : new int[] {0, 2, -1}) {
                assertRefused(() -> renderer.renderPng(document, page, null), RenderException.Problem.NO_SUCH_PAGE);
            }
            for (float dpi : new float[] {0, 10, 601, Float.NaN}) {
                assertRefused(
                        () -> renderer.renderPng(document, 1, dpi, null), RenderException.Problem.INVALID_REQUEST);
            }
        }
    }

    @Test
    void capsTheImageSizeOfHugePages() {
        try (RenderableDocument doc = renderer.open(DOCS.stampedPdf)) {
            BufferedImage image = doc.render(1, PageRenderer.MAX_DPI, SealStyle.AS_STAMPED);
            assertThat(Math.max(image.getWidth(), image.getHeight())).isLessThanOrEqualTo(PageRenderer.MAX_SIDE_PX);
            assertThat((long) image.getWidth() * image.getHeight())
                    .isLessThanOrEqualTo(PageRenderer.MAX_PIXELS + 10_000);
            assertThat(image.getWidth()).as("scaled down from 4,961 px").isBetween(3500, 3800);
        }
    }

    @Test
    void refusesCorruptDocumentsClearly() throws IOException {
        byte[] ofd = DOCS.stampedOfd;
        assertRefused(() -> renderer.pageCount(new byte[0]), RenderException.Problem.UNSUPPORTED_FORMAT);
        assertRefused(
                () -> renderer.pageCount("GIF89a not a document".getBytes(StandardCharsets.US_ASCII)),
                RenderException.Problem.UNSUPPORTED_FORMAT);
        assertRefused(
                () -> renderer.pageCount("%PDF-1.7\nthis is no pdf at all\n".getBytes(StandardCharsets.US_ASCII)),
                RenderException.Problem.DOCUMENT_MALFORMED);
        assertRefused(
                () -> renderer.pageCount(Arrays.copyOf(DOCS.stampedPdf, 2000)),
                RenderException.Problem.DOCUMENT_MALFORMED);
        assertRefused(
                () -> renderer.pageCount(Arrays.copyOf(ofd, ofd.length / 2)),
                RenderException.Problem.DOCUMENT_MALFORMED);
        assertRefused(
                () -> renderer.pageCount(OfdPageFeaturesTest.zip(Map.of("hello.txt", new byte[] {1, 2, 3}))),
                RenderException.Problem.DOCUMENT_MALFORMED);
        assertRefused(
                () -> renderer.pageCount(OfdPageFeaturesTest.zip(Map.of("../../evil.xml", new byte[] {1, 2, 3}))),
                RenderException.Problem.DOCUMENT_MALFORMED);
        byte[] xxe = OfdPageFeaturesTest.zip(Map.of(
                "OFD.xml",
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"
                        .getBytes(StandardCharsets.UTF_8)));
        RenderException refused =
                assertRefused(() -> renderer.pageCount(xxe), RenderException.Problem.DOCUMENT_MALFORMED);
        assertThat(refused.getMessage()).contains("DTD");
    }

    @Test
    void aStampInAnotherFormatIsOutlinedNotHiddenAndNotFatal() throws IOException {
        byte[] foreign = replaceEntry(
                DOCS.stampedOfd, "SignedValue.dat", "not a GB/T 38540 stamp".getBytes(StandardCharsets.UTF_8));
        try (RenderableDocument doc = renderer.open(foreign)) {
            BufferedImage page = doc.render(1, 100, SealStyle.AS_STAMPED);
            assertThat(count(page, 100, SEAL_X, SEAL_Y, SEAL_MM, SEAL_MM, STRONG_RED))
                    .isZero();
            assertThat(count(page, 100, SEAL_X - 1, SEAL_Y - 1, SEAL_MM + 2, 2, PixelChecks.Kind.GREY))
                    .as("dashed outline")
                    .isGreaterThan(50);
        }
    }

    @Test
    void leavesNoDecryptedCopyOnDisk() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path scratch = OfdRenderable.scratchBase();
        Set<Path> before = listing(tmp);
        before.addAll(listing(scratch));

        renderer.renderPng(DOCS.stampedOfd, 1, WATERMARK);
        PrintCopies.system().numberedCopy(DOCS.stampedOfd, "000009", "某单位");
        try {
            renderer.pageCount(Arrays.copyOf(DOCS.stampedOfd, DOCS.stampedOfd.length / 2));
        } catch (RenderException expected) {
            // the failed open must clean up too
        }

        Set<Path> after = listing(tmp);
        after.addAll(listing(scratch));
        after.removeAll(before);
        // other processes share the temporary directory: look at ours and at ofdrw's own "ofd-tmp-…"
        after.removeIf(p -> !p.getFileName()
                .toString()
                .toLowerCase(java.util.Locale.ROOT)
                .matches("(sealpost-render-|ofd-tmp-).*"));
        assertThat(after).as("new entries in " + tmp + " and " + scratch).isEmpty();
    }

    private static Set<Path> listing(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.collect(Collectors.toCollection(HashSet::new));
        }
    }

    static byte[] replaceEntry(byte[] zip, String suffix, byte[] replacement) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.isDirectory()) {
                    entries.put(e.getName(), e.getName().endsWith(suffix) ? replacement : in.readAllBytes());
                }
            }
        }
        return OfdPageFeaturesTest.zip(entries);
    }

    private static RenderException assertRefused(ThrowingCallable call, RenderException.Problem problem) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(RenderException.class);
        RenderException e = (RenderException) thrown;
        assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem);
        assertThat(e.getMessage()).isNotBlank();
        return e;
    }

    private static BufferedImage png(byte[] png) throws IOException {
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        return ImageIO.read(new ByteArrayInputStream(png));
    }
}
