package org.sealpost.bench;

import java.io.ByteArrayInputStream;
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
import org.sealpost.core.envelope.EnvelopeWriter;
import org.sealpost.core.envelope.Payload;
import org.sealpost.core.envelope.SealRequest;
import org.sealpost.core.token.TokenException;

/**
 * One document to many recipient units: a 2 MB document sealed into one envelope for 500 units
 * (payload encrypted once, the content key SM2-wrapped 500 times, manifest signed). Seconds per
 * envelope, default writer settings; the target is 0.5 s.
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

    private BenchPki pki;
    private EnvelopeWriter writer;
    private byte[] document;

    @Setup
    public void setUp() {
        pki = new BenchPki(recipients);
        writer = new EnvelopeWriter(pki.clock, pki.random);
        document = new byte[documentBytes];
        new SplittableRandom(5).nextBytes(document);
    }

    @Benchmark
    public Object sealForAllRecipients() throws IOException, TokenException {
        Payload payload = new Payload(
                "document.ofd", "application/ofd", documentBytes, () -> new ByteArrayInputStream(document), null);
        SealRequest request = new SealRequest("BENCH-FANOUT", "R000", new byte[16], pki.recipients, List.of(payload));
        return writer.seal(request, pki.sender, OutputStream.nullOutputStream());
    }
}
