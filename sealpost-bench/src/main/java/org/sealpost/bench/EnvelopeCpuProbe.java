package org.sealpost.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.Tables64kGCMMultiplier;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.sealpost.core.crypto.ChunkedAead;
import org.sealpost.core.crypto.Sm3;
import org.sealpost.core.crypto.sm4.Sm4;
import org.sealpost.core.envelope.EnvelopeReader;
import org.sealpost.core.envelope.EnvelopeWriter;
import org.sealpost.core.envelope.Payload;
import org.sealpost.core.envelope.SealRequest;

/**
 * The envelope's one-thread figures in MB per CPU-second of the measuring thread, and the 500-unit
 * fan-out in CPU and wall time: what {@link EnvelopeBenchmark}, {@link ChunkedAeadBenchmark},
 * {@link BuildingBlocksBenchmark} and {@link FanOutBenchmark} measure, in a form that holds up on a
 * machine whose cores are shared with other work (waiting for a core is not counted; cache
 * disturbance still is). Every one-thread operation runs with {@code parallelism = 1}, so the
 * measuring thread does all of the work. Wall-clock JMH on a quiet machine stays the reference.
 *
 * <p>It uses only APIs that exist before and after the GHASH change, so the same class can run
 * against an older sealpost-core on the class path for a back-to-back comparison (our GHASH is
 * skipped when the class is absent).
 *
 * <p>Arguments: {@code [seconds per measurement, default 1.5] [measurements, default 5]}; best of
 * the measurements is printed.
 */
public final class EnvelopeCpuProbe {

    private static final int SIZE = 8 << 20;
    private static final byte[] AAD = new byte[32];

    private EnvelopeCpuProbe() {}

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.5;
        int measurements = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        SplittableRandom random = new SplittableRandom(42);
        byte[] key = new byte[16];
        byte[] iv = new byte[16];
        random.nextBytes(key);
        random.nextBytes(iv);
        byte[] in = new byte[SIZE];
        random.nextBytes(in);
        byte[] out = new byte[SIZE + SIZE / 1000 + 4096];
        Sm4 sm4 = new Sm4(key);
        SICBlockCipher bc = (SICBlockCipher) SICBlockCipher.newInstance(new SM4Engine());
        bc.init(true, new ParametersWithIV(new KeyParameter(key), iv));
        GCMMultiplier bcGhash = new Tables64kGCMMultiplier();
        bcGhash.init(key);
        SecureRandom secure = new SecureRandom();

        BenchPki pki = new BenchPki(1);
        EnvelopeWriter writer = new EnvelopeWriter(pki.clock, pki.random, ChunkedAead.DEFAULT_CHUNK_SIZE, 1);
        EnvelopeReader reader = new EnvelopeReader(pki.senderCheck(), 1);
        byte[] sm3 = Sm3.digest(in);
        ByteArrayOutputStream sealed = new ByteArrayOutputStream(out.length);
        writer.seal(request(pki, payload(in, null)), pki.sender, sealed);
        byte[] envelope = sealed.toByteArray();
        ChunkedAead chunked = ChunkedAead.newStream(secure, ChunkedAead.DEFAULT_CHUNK_SIZE, 1);
        ByteArrayOutputStream chunkedOut = new ByteArrayOutputStream(out.length);
        chunked.encrypt(new ByteArrayInputStream(in), SIZE, AAD, chunkedOut);
        byte[] chunkedCiphertext = chunkedOut.toByteArray();
        byte[] chunkedKey = chunked.key();
        byte[] chunkedPrefix = chunked.noncePrefix();

        Map<String, ThrowingRunnable> work = new LinkedHashMap<>();
        work.put("BouncyCastle SM4-CTR", () -> {
            bc.reset();
            for (int off = 0; off < SIZE; off += 16) {
                bc.processBlock(in, off, out, off);
            }
        });
        work.put("our SM4-CTR", () -> sm4.ctrXor(iv, 0, in, 0, out, 0, SIZE));
        work.put("GHASH, BouncyCastle 64 KiB table", () -> {
            byte[] y = new byte[16];
            for (int off = 0; off < SIZE; off += 16) {
                for (int i = 0; i < 16; i++) {
                    y[i] ^= in[off + i];
                }
                bcGhash.multiplyH(y);
            }
        });
        if (OurGhash.available()) {
            work.put("GHASH, ours (flat 8-bit tables)", OurGhash.over(key, in));
        }
        work.put("SM3 (BouncyCastle)", () -> Sm3.digest(in));
        work.put(
                "chunked SM4-GCM seal",
                () -> ChunkedAead.newStream(secure, ChunkedAead.DEFAULT_CHUNK_SIZE, 1)
                        .encrypt(new ByteArrayInputStream(in), SIZE, AAD, OutputStream.nullOutputStream()));
        work.put(
                "chunked SM4-GCM open",
                () -> ChunkedAead.forDecryption(chunkedKey, chunkedPrefix, ChunkedAead.DEFAULT_CHUNK_SIZE, 1)
                        .decrypt(
                                new ByteArrayInputStream(chunkedCiphertext),
                                SIZE,
                                AAD,
                                OutputStream.nullOutputStream()));
        work.put(
                "envelope seal",
                () -> writer.seal(request(pki, payload(in, null)), pki.sender, OutputStream.nullOutputStream()));
        work.put(
                "envelope seal, known SM3",
                () -> writer.seal(request(pki, payload(in, sm3)), pki.sender, OutputStream.nullOutputStream()));
        work.put(
                "envelope open",
                () -> reader.open(
                        new ByteArrayInputStream(envelope), pki.firstRecipient, OutputStream.nullOutputStream()));

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(
                Locale.ROOT,
                "one thread, %d MiB per operation, best of %d × %.1f s%n",
                SIZE >> 20,
                measurements,
                seconds);
        for (Map.Entry<String, ThrowingRunnable> entry : work.entrySet()) {
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
                    "%-34s %7.0f MB per CPU-second   %7.0f MB/s wall%n",
                    entry.getKey(),
                    bestCpu,
                    bestWall);
        }
        fanOut(measurements);
    }

    /** 2 MB to 500 recipients with the default writer (one worker per core): best wall and process CPU. */
    private static void fanOut(int measurements) throws Exception {
        int bytes = 2_000_000;
        BenchPki pki = new BenchPki(500);
        EnvelopeWriter writer = new EnvelopeWriter(pki.clock, pki.random);
        byte[] document = new byte[bytes];
        new SplittableRandom(5).nextBytes(document);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThrowingRunnable op = () -> writer.seal(
                new SealRequest(
                        "BENCH-FANOUT",
                        "R000",
                        new byte[16],
                        pki.recipients,
                        List.of(new Payload(
                                "document.ofd",
                                "application/ofd",
                                bytes,
                                () -> new ByteArrayInputStream(document),
                                null))),
                pki.sender,
                OutputStream.nullOutputStream());
        for (int i = 0; i < 5; i++) {
            op.run();
        }
        double bestWall = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        for (int m = 0; m < measurements * 3; m++) {
            long cpu = os.getProcessCpuTime();
            long wall = System.nanoTime();
            op.run();
            bestWall = Math.min(bestWall, (System.nanoTime() - wall) / 1e9);
            bestCpu = Math.min(bestCpu, (os.getProcessCpuTime() - cpu) / 1e9);
        }
        System.out.printf(
                Locale.ROOT,
                "2 MB sealed for 500 recipients (%d cores): best %.3f s wall, best %.3f CPU-seconds (all threads)%n",
                Runtime.getRuntime().availableProcessors(),
                bestWall,
                bestCpu);
    }

    private static Payload payload(byte[] document, byte[] sm3) {
        Payload p = new Payload(
                "document.ofd", "application/ofd", document.length, () -> new ByteArrayInputStream(document), null);
        return sm3 == null ? p : p.withKnownSm3(sm3);
    }

    private static SealRequest request(BenchPki pki, Payload payload) {
        return new SealRequest("BENCH-1", "R000", new byte[16], pki.recipients, List.of(payload));
    }

    /** Returns {MB per CPU-second, MB per wall-second} over about {@code seconds} of wall time. */
    private static double[] run(ThrowingRunnable op, ThreadMXBean threads, double seconds) throws Exception {
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long deadline = wallStart + (long) (seconds * 1e9);
        long ops = 0;
        do {
            op.run();
            ops++;
        } while (System.nanoTime() < deadline);
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double megabytes = ops * (double) SIZE / 1e6;
        return new double[] {megabytes / cpu, megabytes / wall};
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Loaded only when sealpost-core has {@code Ghash} (not before the change). */
    private static final class OurGhash {
        static boolean available() {
            try {
                Class.forName("org.sealpost.core.crypto.Ghash");
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }

        static ThrowingRunnable over(byte[] h, byte[] data) {
            org.sealpost.core.crypto.Ghash ghash = new org.sealpost.core.crypto.Ghash(h);
            return () -> {
                byte[] y = new byte[16];
                ghash.update(y, data, 0, data.length);
            };
        }
    }
}
