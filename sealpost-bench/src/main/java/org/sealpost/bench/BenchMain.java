package org.sealpost.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with its usual command line and then prints a summary in MB/s: a benchmark with a
 * {@code size} parameter processes that many bytes per operation, so its operations per second
 * times {@code size} / 10^6 is MB/s. Each MB/s row also gets its ratio to BouncyCastle's SM4-CTR
 * ({@code Sm4Benchmark.bcSm4Ctr}) and to our single-thread SM4-CTR ({@code Sm4Benchmark.ourSm4Ctr})
 * from the same run.
 */
public final class BenchMain {

    private static final String BASELINE = "Sm4Benchmark.bcSm4Ctr";
    private static final String OUR_CTR = "Sm4Benchmark.ourSm4Ctr";
    private static final Set<String> JMH_INFO_FLAGS = Set.of("-h", "-l", "-lp", "-lprof", "-lrf");

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            if (JMH_INFO_FLAGS.contains(arg)) {
                org.openjdk.jmh.Main.main(args);
                return;
            }
        }
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        System.out.println();
        System.out.print(summary(results));
    }

    static String summary(Collection<RunResult> results) {
        Double baseline = null;
        Double ourCtr = null;
        List<String[]> rows = new ArrayList<>();
        for (RunResult run : results) {
            if (name(run.getParams()).equals(BASELINE)) {
                baseline = megabytesPerSecond(run);
            }
            if (name(run.getParams()).equals(OUR_CTR)) {
                ourCtr = megabytesPerSecond(run);
            }
        }
        for (RunResult run : results) {
            BenchmarkParams params = run.getParams();
            Result<?> primary = run.getPrimaryResult();
            Double mbs = megabytesPerSecond(run);
            String sizeParam = params.getParam("size");
            String threads = params.getThreads() > 1 ? " (" + params.getThreads() + " threads)" : "";
            String parallelism = params.getParam("parallelism");
            rows.add(new String[] {
                name(params) + threads + (parallelism == null ? "" : " (parallelism " + parallelism + ")"),
                sizeParam == null ? "" : humanBytes(Long.parseLong(sizeParam)),
                format(primary.getScore()) + " ± " + format(primary.getScoreError()) + " " + primary.getScoreUnit(),
                mbs == null ? "" : format(mbs) + " MB/s",
                ratio(mbs, baseline),
                ratio(mbs, ourCtr),
                best(run)
            });
        }
        StringBuilder out = new StringBuilder(
                "Summary (MB = 10^6 bytes; ratios against BouncyCastle's and our one-thread SM4-CTR)\n");
        String[] header = {"benchmark", "size", "score", "throughput", "vs BC CTR", "vs our CTR", "best iteration"};
        int[] widths = new int[header.length];
        for (String[] row : concat(header, rows)) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : concat(header, rows)) {
            for (int i = 0; i < row.length; i++) {
                out.append(String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * The best single measurement iteration (highest throughput, lowest time): on a shared machine
     * other processes only ever slow a benchmark down, so this shows what the code does when it
     * has the cores; the mean beside it shows what it got.
     */
    private static String best(RunResult run) {
        Result<?> primary = run.getPrimaryResult();
        boolean higherIsBetter = primary.getScoreUnit().startsWith("ops/");
        double best = higherIsBetter ? 0 : Double.MAX_VALUE;
        for (BenchmarkResult fork : run.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                double score = iteration.getPrimaryResult().getScore();
                best = higherIsBetter ? Math.max(best, score) : Math.min(best, score);
            }
        }
        String size = run.getParams().getParam("size");
        if (size != null && primary.getScoreUnit().equals("ops/s")) {
            return format(best * Long.parseLong(size) / 1e6) + " MB/s";
        }
        return format(best) + " " + primary.getScoreUnit();
    }

    private static String ratio(Double mbs, Double reference) {
        return mbs == null || reference == null ? "" : String.format(Locale.ROOT, "%.2f×", mbs / reference);
    }

    private static Double megabytesPerSecond(RunResult run) {
        String size = run.getParams().getParam("size");
        Result<?> primary = run.getPrimaryResult();
        if (size == null || !primary.getScoreUnit().equals("ops/s")) {
            return null;
        }
        return primary.getScore() * Long.parseLong(size) / 1e6;
    }

    private static String name(BenchmarkParams params) {
        String full = params.getBenchmark();
        int method = full.lastIndexOf('.');
        int type = full.lastIndexOf('.', method - 1);
        return full.substring(type + 1);
    }

    private static String humanBytes(long bytes) {
        if (bytes % (1 << 20) == 0) {
            return bytes / (1 << 20) + " MiB";
        }
        return bytes + " B";
    }

    private static String format(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3g", value);
    }

    private static List<String[]> concat(String[] header, List<String[]> rows) {
        List<String[]> all = new ArrayList<>(rows.size() + 1);
        all.add(header);
        all.addAll(rows);
        return all;
    }
}
