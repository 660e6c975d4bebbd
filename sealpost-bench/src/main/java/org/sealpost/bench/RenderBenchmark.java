package org.sealpost.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sealpost.core.render.PageRenderer;
import org.sealpost.core.render.PrintCopies;
import org.sealpost.core.render.RenderableDocument;
import org.sealpost.core.render.Watermark;

/**
 * Rendering one stamped A4 page (title, 20 lines of Chinese body text, a 40 mm seal; the OFD also
 * has a filled path and an image) at screen resolution (110 dpi) with a watermark. The sample
 * documents were made by sealpost-core's render tests with TEST-ONLY keys.
 *
 * <ul>
 *   <li>{@code viewPage}: what one page view costs the server: open the document (for an OFD:
 *       check, unpack to a private directory, wipe), draw the page, watermark, encode PNG;
 *   <li>{@code drawOpenPage}: drawing and watermarking only, the document already open;
 *   <li>{@code numberedCopy}: a numbered print copy of the one-page document (OFD: rendered at
 *       300 dpi and placed in a PDF).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g", "-Djava.awt.headless=true"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class RenderBenchmark {

    @Param({"pdf", "ofd"})
    String format;

    private byte[] document;
    private PageRenderer renderer;
    private PrintCopies copies;
    private RenderableDocument open;
    private Watermark watermark;

    @Setup
    public void setUp() {
        document = sample("stamped." + format);
        renderer = PageRenderer.system();
        copies = PrintCopies.system();
        open = renderer.open(document);
        watermark = new Watermark("中国工商银行浙江省分行", "张三", Instant.parse("2026-11-27T08:00:00Z"));
    }

    @TearDown
    public void tearDown() {
        open.close();
    }

    @Benchmark
    public byte[] viewPage() {
        return renderer.renderPng(document, 1, watermark);
    }

    @Benchmark
    public BufferedImage drawOpenPage() {
        return renderer.render(open, 1, PageRenderer.SCREEN_DPI, watermark);
    }

    @Benchmark
    public byte[] numberedCopy() {
        return copies.numberedCopy(document, "000001", "中国农业银行杭州分行");
    }

    static byte[] sample(String name) {
        try (InputStream in = RenderBenchmark.class.getResourceAsStream("render/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing sample document render/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
