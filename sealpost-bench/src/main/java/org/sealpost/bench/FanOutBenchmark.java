package org.sealpost.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.InvalidKeyException;
import java.security.PublicKey;
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
import org.openjdk.jmh.infra.Blackhole;
import org.sealpost.core.crypto.ChunkedAead;
import org.sealpost.core.crypto.Sm2;

/**
 * One document to many recipient units, from the primitives the envelope is made of: the payload
 * encrypted once (chunked SM4-GCM), then its content key wrapped with SM2 for each recipient.
 * Seconds per document; the target is 0.5 s for 2 MB and 500 recipients.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FanOutBenchmark {

    @Param("2000000")
    int documentBytes;

    @Param("500")
    int recipients;

    private final SecureRandom random = new SecureRandom();
    private byte[] document;
    private PublicKey[] recipientKeys;

    @Setup
    public void setUp() {
        document = new byte[documentBytes];
        new SplittableRandom(5).nextBytes(document);
        recipientKeys = new PublicKey[recipients];
        for (int i = 0; i < recipients; i++) {
            recipientKeys[i] = Sm2.generateKeyPair(random).getPublic();
        }
    }

    @Benchmark
    public void encryptOnceAndWrapForEachRecipient(Blackhole sink) throws IOException, InvalidKeyException {
        ChunkedAead stream = ChunkedAead.newStream(random, ChunkedAead.DEFAULT_CHUNK_SIZE, 1);
        stream.encrypt(new ByteArrayInputStream(document), documentBytes, new byte[0], OutputStream.nullOutputStream());
        byte[] contentKey = stream.key();
        for (PublicKey recipient : recipientKeys) {
            sink.consume(Sm2.encrypt(recipient, contentKey, random));
        }
    }
}
