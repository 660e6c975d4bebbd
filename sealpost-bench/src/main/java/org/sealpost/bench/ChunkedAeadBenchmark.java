package org.sealpost.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;
import org.sealpost.core.crypto.ChunkedAead;
import org.sealpost.core.crypto.StreamAuthenticationException;

/**
 * The envelope's payload layer alone: SM4-GCM in 64 KiB chunks ({@link ChunkedAead}) from memory
 * to a discarding stream, on the calling thread ({@code parallelism = 1}) or with chunk workers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ChunkedAeadBenchmark {

    private static final byte[] AAD = "sealpost-bench".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Param({"1048576", "104857600"})
    int size;

    @Param({"1", "2"})
    int parallelism;

    private final SecureRandom random = new SecureRandom();
    private byte[] plaintext;
    private byte[] ciphertext;
    private byte[] key;
    private byte[] noncePrefix;

    @Setup
    public void setUp() throws IOException {
        plaintext = new byte[size];
        new SplittableRandom(7).nextBytes(plaintext);
        ChunkedAead stream = ChunkedAead.newStream(random, ChunkedAead.DEFAULT_CHUNK_SIZE, 1);
        ByteArrayOutputStream sealed =
                new ByteArrayOutputStream((int) ChunkedAead.ciphertextLength(size, ChunkedAead.DEFAULT_CHUNK_SIZE));
        stream.encrypt(new ByteArrayInputStream(plaintext), size, AAD, sealed);
        ciphertext = sealed.toByteArray();
        key = stream.key();
        noncePrefix = stream.noncePrefix();
    }

    @Benchmark
    public void seal() throws IOException {
        ChunkedAead.newStream(random, ChunkedAead.DEFAULT_CHUNK_SIZE, parallelism)
                .encrypt(new ByteArrayInputStream(plaintext), size, AAD, OutputStream.nullOutputStream());
    }

    @Benchmark
    public void open() throws IOException, StreamAuthenticationException {
        ChunkedAead.forDecryption(key, noncePrefix, ChunkedAead.DEFAULT_CHUNK_SIZE, parallelism)
                .decrypt(new ByteArrayInputStream(ciphertext), size, AAD, OutputStream.nullOutputStream());
    }
}
