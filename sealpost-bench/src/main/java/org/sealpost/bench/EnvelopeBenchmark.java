package org.sealpost.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
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
import org.sealpost.core.crypto.Sm3;
import org.sealpost.core.envelope.EnvelopeException;
import org.sealpost.core.envelope.EnvelopeReader;
import org.sealpost.core.envelope.EnvelopeWriter;
import org.sealpost.core.envelope.Payload;
import org.sealpost.core.envelope.SealRequest;
import org.sealpost.core.token.TokenException;

/**
 * Envelope seal and open, one recipient, one payload of {@code size} bytes from memory to a
 * discarding stream; {@code parallelism} is the envelope's chunk workers (1 = calling thread only).
 * {@code seal} includes the SM3 pass over the payload that goes into the signed manifest; {@code
 * sealWithKnownSm3} is the server's path, where the digest was computed on upload; {@code open}
 * verifies the sender certificate against the CA and a CRL, unwraps, decrypts and checks the SM3.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EnvelopeBenchmark {

    @Param({"1048576", "104857600"})
    int size;

    @Param({"1", "2"})
    int parallelism;

    private BenchPki pki;
    private EnvelopeWriter writer;
    private EnvelopeReader reader;
    private byte[] document;
    private byte[] documentSm3;
    private byte[] envelope;

    @Setup
    public void setUp() throws IOException, TokenException {
        pki = new BenchPki(1);
        document = new byte[size];
        new SplittableRandom(11).nextBytes(document);
        documentSm3 = Sm3.digest(document);
        writer = new EnvelopeWriter(
                pki.clock, pki.random, org.sealpost.core.crypto.ChunkedAead.DEFAULT_CHUNK_SIZE, parallelism);
        reader = new EnvelopeReader(pki.senderCheck(), parallelism);
        ByteArrayOutputStream sealed = new ByteArrayOutputStream(size + size / 1000 + 4096);
        writer.seal(request(payload()), pki.sender, sealed);
        envelope = sealed.toByteArray();
    }

    @Benchmark
    public Object seal() throws IOException, TokenException {
        return writer.seal(request(payload()), pki.sender, OutputStream.nullOutputStream());
    }

    @Benchmark
    public Object sealWithKnownSm3() throws IOException, TokenException {
        return writer.seal(request(payload().withKnownSm3(documentSm3)), pki.sender, OutputStream.nullOutputStream());
    }

    @Benchmark
    public Object open() throws IOException, EnvelopeException {
        return reader.open(new ByteArrayInputStream(envelope), pki.firstRecipient, OutputStream.nullOutputStream());
    }

    /** The document from memory, without the copy that {@link Payload#ofBytes} makes. */
    private Payload payload() {
        return new Payload("document.ofd", "application/ofd", size, () -> new ByteArrayInputStream(document), null);
    }

    private SealRequest request(Payload payload) {
        return new SealRequest("BENCH-1", "R000", new byte[16], pki.recipients, List.of(payload));
    }
}
