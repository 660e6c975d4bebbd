package org.sealpost.bench;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.sealpost.core.crypto.sm4.Sm4;

/**
 * Raw SM4 throughput over one buffer of {@code size} bytes per operation: BouncyCastle's CTR and
 * GCM as the baseline, and our SM4-CTR on one thread, split over two threads, and as two
 * independent streams. {@link BenchMain} turns operations per second into MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Sm4Benchmark {

    @Param("1048576")
    int size;

    byte[] key;
    byte[] iv;
    byte[] in;
    byte[] out;
    Sm4 sm4;
    SICBlockCipher bcCtr;
    GCMModeCipher bcGcm;
    long gcmNonce;
    ExecutorService helper;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        key = new byte[16];
        iv = new byte[16];
        random.nextBytes(key);
        random.nextBytes(iv);
        in = new byte[size];
        random.nextBytes(in);
        out = new byte[size + 16];
        sm4 = new Sm4(key);
        bcCtr = (SICBlockCipher) SICBlockCipher.newInstance(new SM4Engine());
        bcCtr.init(true, new ParametersWithIV(new KeyParameter(key), iv));
        bcGcm = GCMBlockCipher.newInstance(new SM4Engine());
        helper = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sm4-bench-helper");
            thread.setDaemon(true);
            return thread;
        });
    }

    @TearDown
    public void tearDown() {
        helper.shutdownNow();
    }

    /** Whole blocks through {@code processBlock}: BouncyCastle's fastest CTR path (~10 % above processBytes). */
    @Benchmark
    public byte[] bcSm4Ctr() {
        bcCtr.reset();
        for (int off = 0; off < size; off += 16) {
            bcCtr.processBlock(in, off, out, off);
        }
        return out;
    }

    @Benchmark
    public byte[] bcSm4Gcm() throws InvalidCipherTextException {
        // BouncyCastle refuses to encrypt twice under one key and nonce, so the nonce counts up
        byte[] nonce = new byte[12];
        long n = ++gcmNonce;
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] = (byte) (n >>> (8 * i));
        }
        bcGcm.init(true, new AEADParameters(new KeyParameter(key), 128, nonce));
        int written = bcGcm.processBytes(in, 0, size, out, 0);
        bcGcm.doFinal(out, written);
        return out;
    }

    @Benchmark
    public byte[] ourSm4Ctr() {
        sm4.ctrXor(iv, 0, in, 0, out, 0, size);
        return out;
    }

    /** One buffer split over the calling thread and one helper thread. */
    @Benchmark
    public byte[] ourSm4CtrSplitOverTwoThreads() {
        sm4.ctrXorParallel(iv, 0, in, 0, out, 0, size, helper, 2);
        return out;
    }

    /** Two threads, each encrypting its own buffer (two documents at once); score is the sum. */
    @Benchmark
    @Threads(2)
    public byte[] ourSm4CtrTwoIndependentStreams(PerThreadBuffer buffer) {
        sm4.ctrXor(iv, 0, buffer.in, 0, buffer.out, 0, size);
        return buffer.out;
    }

    @State(Scope.Thread)
    public static class PerThreadBuffer {
        byte[] in;
        byte[] out;

        @Setup(Level.Trial)
        public void setUp(Sm4Benchmark benchmark) {
            in = benchmark.in.clone();
            out = new byte[benchmark.size];
        }
    }
}
