package org.sealpost.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;
import org.sealpost.core.render.PageRenderer;
import org.sealpost.core.render.PrintCopies;
import org.sealpost.core.render.RenderableDocument;
import org.sealpost.core.render.Watermark;

/**
 * The page rendering figures of {@link RenderBenchmark} measured in the calling thread's CPU time as
 * well as wall time, so that they hold up on a busy machine: pages per CPU-second is what one
 * thread does with a core to itself (rendering a page is single-threaded; GC and JIT threads are not
 * counted). Same sample documents and operations as {@link RenderBenchmark}.
 *
 * <p>Arguments: {@code [seconds per measurement, default 5]}.
 */
public final class RenderCpuProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private RenderCpuProbe() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        PageRenderer renderer = PageRenderer.system();
        PrintCopies copies = PrintCopies.system();
        Watermark watermark = new Watermark("中国工商银行浙江省分行", "张三", Instant.parse("2026-11-27T08:00:00Z"));
        System.out.printf(Locale.ROOT, "%-28s %12s %16s%n", "operation (one A4 page)", "ops/s wall", "ops/CPU-second");
        for (String format : new String[] {"pdf", "ofd"}) {
            byte[] document = RenderBenchmark.sample("stamped." + format);
            try (RenderableDocument open = renderer.open(document)) {
                measure(format + " viewPage (110 dpi)", seconds, () -> renderer.renderPng(document, 1, watermark));
                measure(
                        format + " drawOpenPage",
                        seconds,
                        () -> renderer.render(open, 1, PageRenderer.SCREEN_DPI, watermark));
                measure(format + " numberedCopy", seconds, () -> copies.numberedCopy(document, "000001", "中国农业银行杭州分行"));
            }
        }
    }

    private static void measure(String name, double seconds, Supplier<Object> operation) {
        long warmUntil = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < warmUntil) {
            operation.get();
        }
        long wall0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        int ops = 0;
        do {
            operation.get();
            ops++;
        } while (System.nanoTime() - wall0 < seconds * 1e9 || ops < 3);
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "%-28s %12.2f %16.2f%n", name, ops / wall, ops / cpu);
    }
}
