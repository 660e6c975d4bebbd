package org.sealpost.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.sealpost.core.crypto.ChunkedAead;

/**
 * Peak heap while sealing and opening a large file, streamed from and to disk. Run it in its own
 * JVM with a small {@code -Xmx} (see {@code ./bench heap}): it writes a generated file under
 * /tmp, seals it, opens the result, checks the round trip and deletes everything. Prints, per
 * step, the live heap peak (largest heap in use after a GC) and the sampled peak, both minus the
 * settled heap before the step.
 *
 * <p>Arguments: {@code [size in MiB, default 1024] [parallelism, default 1]}.
 */
public final class HeapProbe {

    private static final byte[] AAD = "sealpost-heap-probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int IO_BUFFER = 1 << 16;

    private HeapProbe() {}

    /** One way to seal and open a stream, so the probe can measure different layers. */
    interface Workload {
        void seal(InputStream in, long length, OutputStream out) throws Exception;

        void open(InputStream in, long length, OutputStream out) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        long size = (args.length > 0 ? Long.parseLong(args[0]) : 1024) << 20;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "sealpost-heap-");
        try {
            Path plain = dir.resolve("plain.bin");
            Path sealed = dir.resolve("sealed.bin");
            Path opened = dir.resolve("opened.bin");
            generate(plain, size);
            Workload workload = new AeadWorkload(parallelism);
            System.out.printf(
                    Locale.ROOT,
                    "heap probe: %d MiB, parallelism %d, -Xmx %d MiB, workload %s%n",
                    size >> 20,
                    parallelism,
                    Runtime.getRuntime().maxMemory() >> 20,
                    workload);
            measure("seal", size, plain, sealed, workload::seal);
            measure("open", size, sealed, opened, workload::open);
            if (Files.mismatch(plain, opened) != -1) {
                throw new IllegalStateException("round trip changed the file");
            }
            System.out.println("round trip verified");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private interface Step {
        void run(InputStream in, long length, OutputStream out) throws Exception;
    }

    private static void measure(String name, long size, Path from, Path to, Step step) throws Exception {
        long baseline = PeakHeap.settledUsedHeap();
        long started = System.nanoTime();
        try (PeakHeap peak = PeakHeap.start();
                InputStream in = new BufferedInputStream(Files.newInputStream(from), IO_BUFFER);
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(to), IO_BUFFER)) {
            step.run(in, size, out);
            out.flush();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "%s: %.1f s (%.0f MB/s incl. disk), baseline %.1f MiB, live peak +%.1f MiB,"
                            + " sampled peak +%.1f MiB, %d GCs%n",
                    name,
                    seconds,
                    size / seconds / 1e6,
                    mib(baseline),
                    mib(Math.max(0, peak.peakAfterGc() - baseline)),
                    mib(Math.max(0, peak.peakSampled() - baseline)),
                    peak.collections());
        }
    }

    private static void generate(Path file, long size) throws IOException {
        byte[] block = new byte[1 << 20];
        new SplittableRandom(1).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                block[(int) (written >>> 20) % block.length] ^= 1; // no two MiB alike
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
    }

    private static double mib(long bytes) {
        return bytes / (double) (1 << 20);
    }

    /** The envelope's payload layer: chunked SM4-GCM. */
    private static final class AeadWorkload implements Workload {
        private final int parallelism;
        private byte[] key;
        private byte[] prefix;

        AeadWorkload(int parallelism) {
            this.parallelism = parallelism;
        }

        @Override
        public void seal(InputStream in, long length, OutputStream out) throws Exception {
            ChunkedAead stream = ChunkedAead.newStream(new SecureRandom(), ChunkedAead.DEFAULT_CHUNK_SIZE, parallelism);
            key = stream.key();
            prefix = stream.noncePrefix();
            stream.encrypt(in, length, AAD, out);
        }

        @Override
        public void open(InputStream in, long length, OutputStream out) throws Exception {
            ChunkedAead.forDecryption(key, prefix, ChunkedAead.DEFAULT_CHUNK_SIZE, parallelism)
                    .decrypt(in, length, AAD, out);
        }

        @Override
        public String toString() {
            return "ChunkedAead (SM4-GCM, 64 KiB chunks)";
        }
    }
}
