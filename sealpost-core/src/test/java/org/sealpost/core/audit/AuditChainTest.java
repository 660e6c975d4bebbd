package org.sealpost.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.sealpost.core.audit.AuditChain.Checkpoint;
import org.sealpost.core.audit.AuditChain.Entry;
import org.sealpost.core.audit.AuditChain.Event;
import org.sealpost.core.audit.AuditChain.Kind;
import org.sealpost.core.audit.AuditChain.Result;
import org.sealpost.core.crypto.Sm2;

class AuditChainTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final KeyPair SYSTEM = Sm2.generateKeyPair(RANDOM);
    private static final Instant T0 = Instant.parse("2026-11-27T06:00:00.123456789Z");

    static List<Entry> chain(int n) {
        List<Entry> rows = new ArrayList<>();
        byte[] prev = AuditChain.genesis();
        for (int i = 1; i <= n; i++) {
            Entry e = AuditChain.append(i, prev, event(i, "detail " + i));
            rows.add(e);
            prev = e.hash();
        }
        return rows;
    }

    static Event event(int i, String detail) {
        return new Event(
                T0.plusSeconds(i), "user" + i % 3, "ZJBRC", "SIGN_IN", i % 5 != 0, "10.0.0." + i, "account:x", detail);
    }

    static Result verify(List<Entry> rows, List<Checkpoint> checkpoints, long head) {
        return AuditChain.verify(rows.iterator(), checkpoints.iterator(), SYSTEM.getPublic(), OptionalLong.of(head));
    }

    static Checkpoint checkpoint(Entry e) throws Exception {
        return AuditChain.signCheckpoint(e.seq(), e.hash(), T0.plusSeconds(9999), "ca", SYSTEM.getPrivate(), RANDOM);
    }

    static Entry withSeq(Entry e, long seq) {
        return new Entry(seq, e.event(), e.prevHash(), e.hash());
    }

    @Test
    void intactChainVerifies() throws Exception {
        List<Entry> rows = chain(50);
        Result result = verify(rows, List.of(checkpoint(rows.get(19)), checkpoint(rows.get(49))), 50);
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.checked()).isEqualTo(50);
        assertThat(result.checkpoints()).isEqualTo(2);
        assertThat(result.lastCheckpointSeq()).isEqualTo(50);
    }

    @Test
    void emptyLogVerifies() {
        assertThat(verify(List.of(), List.of(), 0).ok()).isTrue();
    }

    @Test
    void hashCoversTimeToTheMicrosecondAndEveryField() {
        byte[] g = AuditChain.genesis();
        Event e = event(1, null);
        byte[] h = AuditChain.hash(g, 1, e);
        assertThat(AuditChain.hash(g, 2, e)).isNotEqualTo(h);
        assertThat(AuditChain.hash(
                        g,
                        1,
                        new Event(
                                e.time().plusNanos(1000),
                                e.actor(),
                                e.unitCode(),
                                e.eventType(),
                                e.success(),
                                e.ip(),
                                e.objectRef(),
                                null)))
                .isNotEqualTo(h);
        assertThat(AuditChain.hash(
                        g,
                        1,
                        new Event(
                                e.time(),
                                e.actor(),
                                e.unitCode(),
                                e.eventType(),
                                e.success(),
                                e.ip(),
                                e.objectRef(),
                                "")))
                .as("null detail differs from empty")
                .isNotEqualTo(h);
        assertThat(AuditChain.hash(
                        g,
                        1,
                        new Event(
                                e.time(),
                                e.actor(),
                                e.unitCode(),
                                e.eventType(),
                                !e.success(),
                                e.ip(),
                                e.objectRef(),
                                null)))
                .isNotEqualTo(h);
        // field boundaries are length-prefixed: moving a character from one field to the next changes the hash
        assertThat(AuditChain.hash(g, 1, new Event(e.time(), "ab", "c", "t", true, "-", "-", null)))
                .isNotEqualTo(AuditChain.hash(g, 1, new Event(e.time(), "a", "bc", "t", true, "-", "-", null)));
    }

    @Test
    void forgedCheckpointSignatureIsReported() throws Exception {
        List<Entry> rows = chain(10);
        Checkpoint good = checkpoint(rows.get(4));
        byte[] sig = good.signature().clone();
        sig[sig.length - 1] ^= 1;
        Checkpoint flipped = new Checkpoint(good.seq(), good.hash(), good.signedAt(), "ca", sig);
        assertBreak(verify(rows, List.of(flipped), 10), 5, Kind.CHECKPOINT_INVALID);

        KeyPair other = Sm2.generateKeyPair(RANDOM);
        Checkpoint otherKey = AuditChain.signCheckpoint(5, rows.get(4).hash(), T0, "ca", other.getPrivate(), RANDOM);
        assertBreak(verify(rows, List.of(otherKey), 10), 5, Kind.CHECKPOINT_INVALID);

        Checkpoint movedInTime = new Checkpoint(5, good.hash(), good.signedAt().plusSeconds(1), "ca", good.signature());
        assertBreak(verify(rows, List.of(movedInTime), 10), 5, Kind.CHECKPOINT_INVALID);
    }

    @Test
    void tailRewrittenWithRecomputedHashesIsCaughtByTheCheckpoint() throws Exception {
        List<Entry> rows = chain(20);
        Checkpoint cp = checkpoint(rows.get(14));
        // rewrite entry 12 and recompute every hash after it: the chain itself is consistent again
        List<Entry> forged = new ArrayList<>(rows.subList(0, 11));
        byte[] prev = forged.get(10).hash();
        for (int i = 12; i <= 20; i++) {
            Entry e = AuditChain.append(i, prev, event(i, i == 12 ? "nothing happened" : "detail " + i));
            forged.add(e);
            prev = e.hash();
        }
        assertThat(verify(forged, List.of(), 20).ok()).isTrue();
        assertBreak(verify(forged, List.of(cp), 20), 15, Kind.CHECKPOINT_INVALID);
    }

    @Test
    void checkpointBeyondTheEndMeansTruncation() throws Exception {
        List<Entry> rows = chain(20);
        Checkpoint cp = checkpoint(rows.get(17));
        assertBreak(verify(rows.subList(0, 15), List.of(cp), 15), 16, Kind.TRUNCATED);
    }

    @Test
    void forgedEntryWithRecomputedHashInsertedInTheMiddle() {
        List<Entry> rows = chain(10);
        List<Entry> tampered = new ArrayList<>(rows.subList(0, 4));
        tampered.add(AuditChain.append(5, rows.get(3).hash(), event(99, "forged")));
        for (Entry e : rows.subList(4, 10)) {
            tampered.add(withSeq(e, e.seq() + 1));
        }
        assertBreak(verify(tampered, List.of(), 11), 5, Kind.INSERTED);
    }

    @Test
    void predecessorRewrittenWithRecomputedHashBreaksTheLink() {
        List<Entry> rows = chain(10);
        List<Entry> tampered = new ArrayList<>(rows);
        tampered.set(3, AuditChain.append(4, rows.get(2).hash(), event(4, "rewritten")));
        assertBreak(verify(tampered, List.of(), 10), 5, Kind.LINK_BROKEN);
    }

    @Test
    void duplicatedSeqIsAnInsertion() {
        List<Entry> rows = new ArrayList<>(chain(10));
        rows.add(6, rows.get(5));
        assertBreak(verify(rows, List.of(), 10), 6, Kind.INSERTED);
    }

    // --- properties: any single edit, deletion, swap or insertion is found at its position ---

    enum Mutation {
        EDIT,
        DELETE,
        SWAP,
        INSERT
    }

    record Case(int size, Mutation mutation, int position, int other, int field) {}

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.integers()
                .between(2, 80)
                .flatMap(n -> Combinators.combine(
                                Arbitraries.of(Mutation.class),
                                Arbitraries.integers().between(1, n),
                                Arbitraries.integers().between(1, n),
                                Arbitraries.integers().between(0, 8))
                        .as((m, p, o, f) -> new Case(n, m, p, o, f)));
    }

    @Property(tries = 400)
    void anySingleTamperingIsFoundAtItsPosition(@ForAll("cases") Case c) {
        List<Entry> rows = new ArrayList<>(chain(c.size()));
        int p = c.position();
        long head = c.size();
        long expectedSeq;
        Kind expectedKind;
        switch (c.mutation()) {
            case EDIT -> {
                rows.set(p - 1, edit(rows.get(p - 1), c.field()));
                expectedSeq = p;
                expectedKind = Kind.EDITED;
            }
            case DELETE -> {
                rows.remove(p - 1);
                // nothing is renumbered: a deletion leaves a gap
                expectedSeq = p;
                expectedKind = p == c.size() ? Kind.TRUNCATED : Kind.DELETED;
            }
            case SWAP -> {
                int a = Math.min(p, c.other());
                int b = Math.max(p, c.other());
                if (a == b) {
                    b = a == c.size() ? a - 1 : a + 1;
                    int t = a;
                    a = Math.min(t, b);
                    b = Math.max(t, b);
                }
                if (b - a > AuditChain.SEARCH_WINDOW) {
                    b = a + AuditChain.SEARCH_WINDOW;
                }
                // positions swap: each row takes the other's seq, as an UPDATE of seq would do
                Entry ea = rows.get(a - 1);
                Entry eb = rows.get(b - 1);
                rows.set(a - 1, withSeq(eb, a));
                rows.set(b - 1, withSeq(ea, b));
                expectedSeq = a;
                expectedKind = Kind.REORDERED;
            }
            case INSERT -> {
                byte[] junkPrev = new byte[32];
                byte[] junkHash = new byte[32];
                RANDOM.nextBytes(junkPrev);
                RANDOM.nextBytes(junkHash);
                Entry forged = new Entry(p, event(1000 + p, "forged"), junkPrev, junkHash);
                // the rows from p on are renumbered to make room (seq is unique in the table)
                for (int i = p - 1; i < rows.size(); i++) {
                    rows.set(i, withSeq(rows.get(i), rows.get(i).seq() + 1));
                }
                rows.add(p - 1, forged);
                expectedSeq = p;
                expectedKind = Kind.INSERTED;
            }
            default -> throw new IllegalStateException();
        }
        Result result = verify(rows, List.of(), head);
        assertBreak(result, expectedSeq, expectedKind);
        assertThat(result.checked()).isEqualTo(expectedSeq - 1);
    }

    @Property(tries = 50)
    void appendedForeignEntryIsAnInsertionBeyondTheHead(@ForAll @IntRange(min = 1, max = 40) int n) {
        List<Entry> rows = new ArrayList<>(chain(n));
        rows.add(AuditChain.append(n + 1, rows.get(n - 1).hash(), event(500, "appended")));
        assertBreak(verify(rows, List.of(), n), n + 1, Kind.INSERTED);
    }

    @Property(tries = 30)
    void shuffledTailIsReordered(@ForAll @IntRange(min = 3, max = 40) int n) {
        List<Entry> rows = chain(n);
        List<Entry> tail = new ArrayList<>(rows.subList(1, n));
        Collections.rotate(tail, 1);
        List<Entry> tampered = new ArrayList<>();
        tampered.add(rows.get(0));
        for (int i = 0; i < tail.size(); i++) {
            tampered.add(withSeq(tail.get(i), i + 2));
        }
        Result result = verify(tampered, List.of(), n);
        assertThat(result.firstBroken()).isNotNull();
        assertThat(result.firstBroken().seq()).isEqualTo(2);
    }

    private static Entry edit(Entry e, int field) {
        Event v = e.event();
        Event edited = switch (field) {
            case 0 ->
                new Event(
                        v.time().plusSeconds(1),
                        v.actor(),
                        v.unitCode(),
                        v.eventType(),
                        v.success(),
                        v.ip(),
                        v.objectRef(),
                        v.detail());
            case 1 ->
                new Event(
                        v.time(),
                        v.actor() + "x",
                        v.unitCode(),
                        v.eventType(),
                        v.success(),
                        v.ip(),
                        v.objectRef(),
                        v.detail());
            case 2 ->
                new Event(v.time(), v.actor(), "OTHER", v.eventType(), v.success(), v.ip(), v.objectRef(), v.detail());
            case 3 ->
                new Event(
                        v.time(), v.actor(), v.unitCode(), "SIGN_OUT", v.success(), v.ip(), v.objectRef(), v.detail());
            case 4 ->
                new Event(
                        v.time(),
                        v.actor(),
                        v.unitCode(),
                        v.eventType(),
                        !v.success(),
                        v.ip(),
                        v.objectRef(),
                        v.detail());
            case 5 ->
                new Event(
                        v.time(),
                        v.actor(),
                        v.unitCode(),
                        v.eventType(),
                        v.success(),
                        "1.2.3.4",
                        v.objectRef(),
                        v.detail());
            case 6 ->
                new Event(v.time(), v.actor(), v.unitCode(), v.eventType(), v.success(), v.ip(), "other", v.detail());
            case 7 ->
                new Event(v.time(), v.actor(), v.unitCode(), v.eventType(), v.success(), v.ip(), v.objectRef(), null);
            default -> v;
        };
        if (field == 8) {
            byte[] h = e.hash().clone();
            h[0] ^= 1;
            return new Entry(e.seq(), v, e.prevHash(), h);
        }
        return new Entry(e.seq(), edited, e.prevHash(), e.hash());
    }

    private static void assertBreak(Result result, long seq, Kind kind) {
        assertThat(result.ok()).as("must be broken").isFalse();
        assertThat(result.firstBroken().kind()).as(result.toString()).isEqualTo(kind);
        assertThat(result.firstBroken().seq()).as(result.toString()).isEqualTo(seq);
    }
}
