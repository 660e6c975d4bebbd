package org.sealpost.bench;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
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
import org.sealpost.core.audit.AuditChain;
import org.sealpost.core.audit.AuditChain.Entry;
import org.sealpost.core.audit.AuditChain.Event;

/**
 * The audit chain (SECURITY.md L03): {@code verify} walks a generated chain of {@code rows} entries
 * (typical field sizes, one signed checkpoint every 1,000 entries) and checks every hash and
 * checkpoint signature; rows/s = rows / seconds per operation. {@code append} is the CPU part of one
 * append (encoding + SM3), the upper bound of what the database path can reach on one core.
 * Entries are generated lazily, so the walk runs in constant memory as the server and CLI run it;
 * {@code generate} measures the generation alone (one SM3 per row), so verification itself costs
 * {@code verify − generate}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class AuditChainBenchmark {

    @Param({"1000000"})
    public int rows;

    private KeyPair key;
    private List<AuditChain.Checkpoint> checkpoints;
    private final Instant t0 = Instant.parse("2026-11-27T00:00:00Z");
    private byte[] prev;
    private long seq;

    @Setup
    public void setUp() throws Exception {
        SecureRandom random = new SecureRandom();
        key = org.sealpost.core.crypto.Sm2.generateKeyPair(random);
        checkpoints = new ArrayList<>();
        Iterator<Entry> chain = chain();
        while (chain.hasNext()) {
            Entry e = chain.next();
            if (e.seq() % 1000 == 0) {
                checkpoints.add(AuditChain.signCheckpoint(e.seq(), e.hash(), t0, "ca", key.getPrivate(), random));
            }
        }
        prev = AuditChain.genesis();
    }

    @Benchmark
    public AuditChain.Result verify() {
        AuditChain.Result result =
                AuditChain.verify(chain(), checkpoints.iterator(), key.getPublic(), OptionalLong.of(rows));
        if (!result.ok()) {
            throw new IllegalStateException(result.toString());
        }
        return result;
    }

    @Benchmark
    public long generate() {
        long sum = 0;
        Iterator<Entry> chain = chain();
        while (chain.hasNext()) {
            sum += chain.next().hash()[0];
        }
        return sum;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] append() {
        Entry e = AuditChain.append(++seq, prev, event(seq));
        prev = e.hash();
        return prev;
    }

    /** A deterministic chain, generated as it is read. */
    private Iterator<Entry> chain() {
        return new Iterator<>() {
            private long n;
            private byte[] last = AuditChain.genesis();

            @Override
            public boolean hasNext() {
                return n < rows;
            }

            @Override
            public Entry next() {
                Entry e = AuditChain.append(++n, last, event(n));
                last = e.hash();
                return e;
            }
        };
    }

    private Event event(long n) {
        return new Event(
                t0.plusMillis(n),
                "operator" + (n % 50),
                "ICBC-ZJ",
                n % 3 == 0 ? "DELIVERY_OPENED" : "SIGN_IN",
                n % 17 != 0,
                "10.12.0." + (n % 250),
                "delivery:2026-11-" + n,
                n % 2 == 0 ? null : "document 浙银监发〔2026〕" + n + "号, copy 3 of 5");
    }
}
