package org.sealpost.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.sealpost.core.crypto.sm4.Sm4;

/**
 * A cross-check of the one-thread SM4-CTR figures that holds up on a busy machine: besides wall
 * time it measures the CPU time of the benchmarking thread, so time spent waiting for a core that
 * another process holds does not count. MB per CPU-second is what one thread does when it has a
 * core to itself (cache disturbance from the other processes still counts). Not a substitute for
 * JMH on a quiet machine, and meaningless for multi-threaded work.
 *
 * <p>Arguments: {@code [seconds per measurement, default 2] [measurements, default 5]}.
 */
public final class CpuTimeProbe {

    private static final int SIZE = 1 << 20;

    private CpuTimeProbe() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int measurements = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        SplittableRandom random = new SplittableRandom(42);
        byte[] key = new byte[16];
        byte[] iv = new byte[16];
        random.nextBytes(key);
        random.nextBytes(iv);
        byte[] in = new byte[SIZE];
        random.nextBytes(in);
        byte[] out = new byte[SIZE];
        Sm4 sm4 = new Sm4(key);
        SICBlockCipher bc = (SICBlockCipher) SICBlockCipher.newInstance(new SM4Engine());
        bc.init(true, new ParametersWithIV(new KeyParameter(key), iv));

        Map<String, Runnable> work = new LinkedHashMap<>();
        work.put("BouncyCastle SM4-CTR", () -> {
            bc.reset();
            for (int off = 0; off < SIZE; off += 16) {
                bc.processBlock(in, off, out, off);
            }
        });
        work.put("our SM4-CTR", () -> sm4.ctrXor(iv, 0, in, 0, out, 0, SIZE));

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, Runnable> entry : work.entrySet()) {
            run(entry.getValue(), threads, seconds); // warm-up
            double bestCpu = 0;
            double bestWall = 0;
            for (int m = 0; m < measurements; m++) {
                double[] rates = run(entry.getValue(), threads, seconds);
                bestCpu = Math.max(bestCpu, rates[0]);
                bestWall = Math.max(bestWall, rates[1]);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-22s %6.0f MB per CPU-second   %6.0f MB/s wall (best of %d × %.0f s)%n",
                    entry.getKey(),
                    bestCpu,
                    bestWall,
                    measurements,
                    seconds);
        }
    }

    /** Returns {MB per CPU-second, MB per wall-second} over about {@code seconds} of wall time. */
    private static double[] run(Runnable op, ThreadMXBean threads, double seconds) {
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long deadline = wallStart + (long) (seconds * 1e9);
        long ops = 0;
        while (System.nanoTime() < deadline) {
            op.run();
            ops++;
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double megabytes = ops * (double) SIZE / 1e6;
        return new double[] {megabytes / cpu, megabytes / wall};
    }
}
