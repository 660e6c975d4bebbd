package org.sealpost.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.Tables64kGCMMultiplier;
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
import org.openjdk.jmh.annotations.Warmup;
import org.sealpost.core.crypto.Ghash;
import org.sealpost.core.crypto.Sm3;

/**
 * The other per-byte costs of an envelope besides SM4-CTR: GHASH, as SM4-GCM computes it over each
 * chunk (ours, {@code Ghash}, and BouncyCastle's 64 KiB-table multiplier it replaced), and SM3, which the envelope computes over the
 * payload for the signed manifest (seal, unless the digest is known) and to check it (open). Per
 * byte, sealing costs CTR + GHASH (+ SM3) and opening CTR + GHASH + SM3.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BuildingBlocksBenchmark {

    @Param("1048576")
    int size;

    private byte[] data;
    private GCMMultiplier multiplier;
    private Ghash ghash;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(3);
        data = new byte[size];
        random.nextBytes(data);
        byte[] h = new byte[16];
        random.nextBytes(h);
        multiplier = new Tables64kGCMMultiplier();
        multiplier.init(h);
        ghash = new Ghash(h);
    }

    @Benchmark
    public byte[] bcTables64kGhash() {
        byte[] y = new byte[16];
        for (int off = 0; off < size; off += 16) {
            for (int i = 0; i < 16; i++) {
                y[i] ^= data[off + i];
            }
            multiplier.multiplyH(y);
        }
        return y;
    }

    /** Our GHASH (flat 8-bit tables), as SM4-GCM now uses it. */
    @Benchmark
    public byte[] ourGhash() {
        byte[] y = new byte[16];
        ghash.update(y, data, 0, size);
        return y;
    }

    @Benchmark
    public byte[] sm3() {
        return Sm3.digest(data);
    }
}
