package org.sealpost.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.sealpost.core.crypto.ChunkedAead;
import org.sealpost.core.envelope.EnvelopeReader;
import org.sealpost.core.envelope.EnvelopeWriter;
import org.sealpost.core.envelope.Payload;
import org.sealpost.core.envelope.SealRequest;

/**
 * Peak heap while sealing and opening a large file as an envelope, streamed from and to disk. Run
 * it in its own JVM with a small {@code -Xmx} ({@code ./bench heap} uses 96 MiB): it writes a
 * generated file under {@code java.io.tmpdir}, seals it for one recipient, opens the envelope with
 * {@link EnvelopeReader#openToFile}, checks the round trip and deletes everything. Prints, per
 * step, the live-heap peak (largest heap in use right after a GC) and the sampled peak (largest at
 * any 2 ms sample, garbage included), each minus the settled heap before the step.
 *
 * <p>Arguments: {@code [size in MiB, default 1024] [parallelism, default 1]}.
 */
public final class HeapProbe {

    private HeapProbe() {}

    private interface Step {
        void run(Path from, Path to) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        long size = (args.length > 0 ? Long.parseLong(args[0]) : 1024) << 20;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        BenchPki pki = new BenchPki(1);
        EnvelopeWriter writer = new EnvelopeWriter(pki.clock, pki.random, ChunkedAead.DEFAULT_CHUNK_SIZE, parallelism);
        EnvelopeReader reader = new EnvelopeReader(pki.senderCheck(), parallelism);
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "sealpost-heap-");
        try {
            Path plain = dir.resolve("plain.bin");
            Path sealed = dir.resolve("sealed.env");
            Path opened = dir.resolve("opened.bin");
            generate(plain, size);
            System.out.printf(
                    Locale.ROOT,
                    "heap probe: envelope of %d MiB, parallelism %d, -Xmx %d MiB, files in %s%n",
                    size >> 20,
                    parallelism,
                    Runtime.getRuntime().maxMemory() >> 20,
                    dir);
            measure("seal", size, plain, sealed, (from, to) -> {
                SealRequest request = new SealRequest(
                        "HEAP-PROBE",
                        "R000",
                        new byte[16],
                        pki.recipients,
                        List.of(Payload.ofFile("plain.bin", "application/octet-stream", from)));
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(to), 1 << 16)) {
                    writer.seal(request, pki.sender, out);
                }
            });
            measure("open", size, sealed, opened, (from, to) -> reader.openToFile(from, pki.firstRecipient, to));
            if (Files.mismatch(plain, opened) != -1) {
                throw new IllegalStateException("round trip changed the file");
            }
            System.out.println("round trip verified; envelope " + Files.size(sealed) + " bytes");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void measure(String name, long size, Path from, Path to, Step step) throws Exception {
        long baseline = PeakHeap.settledUsedHeap();
        long started = System.nanoTime();
        try (PeakHeap peak = PeakHeap.start()) {
            step.run(from, to);
            double seconds = (System.nanoTime() - started) / 1e9;
            String live = peak.collections() == 0
                    ? "n/a (no GC ran; at most the sampled peak)"
                    : String.format(Locale.ROOT, "+%.1f MiB", mib(Math.max(0, peak.peakAfterGc() - baseline)));
            System.out.printf(
                    Locale.ROOT,
                    "%s: %.1f s (%.0f MB/s incl. disk), baseline %.1f MiB, live peak %s,"
                            + " sampled peak +%.1f MiB, %d GCs%n",
                    name,
                    seconds,
                    size / seconds / 1e6,
                    mib(baseline),
                    live,
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
}
