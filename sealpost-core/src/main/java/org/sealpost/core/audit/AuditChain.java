package org.sealpost.core.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalLong;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.crypto.Sm3;

/**
 * The tamper-evident audit log (SECURITY.md L03): an SM3 hash chain over the audit entries plus
 * checkpoints signed (SM3withSM2) by the system key.
 *
 * <p>Entry {@code n} (sequence numbers are gapless: 1, 2, 3, …) stores {@code prev_hash} = the
 * {@code hash} of entry {@code n-1} (32 zero bytes for entry 1) and {@code hash = SM3(prev_hash ‖
 * encoding)}, where the encoding is version byte {@code 0x01}, {@code seq} (int64 big-endian), the
 * time as microseconds since the epoch in UTC (int64; the database column is a timestamp with time
 * zone of microsecond precision, so the instant is what is kept and hashed), then actor, unit code,
 * event type (each int32 byte length + UTF-8), success (one byte 0/1), IP, object reference and
 * detail (length −1 when null). A checkpoint signs {@code "SealPost audit checkpoint v1" ‖ 0x00 ‖
 * seq ‖ hash ‖ signed-at micros}: a tag no certificate or CRL (DER, starting 0x30) can begin with.
 *
 * <p>The hash chain alone stops edits made without recomputing hashes; anyone who can write the
 * table can recompute the hashes of a rewritten tail, which the next signed checkpoint exposes.
 * Entries after the last checkpoint are protected by the chain head the application keeps and, on
 * PostgreSQL, by the append-only trigger and role.
 *
 * <p>{@link #verify} streams: it holds two entries and one checkpoint at a time, so it checks
 * millions of rows in constant memory, and stops at the first broken entry.
 */
public final class AuditChain {

    public static final int HASH_SIZE = Sm3.DIGEST_SIZE;
    /** How far (in sequence numbers) a moved entry is looked for when the chain breaks. */
    static final int SEARCH_WINDOW = 64;

    private static final byte ENCODING_VERSION = 1;
    private static final byte[] CHECKPOINT_TAG = "SealPost audit checkpoint v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GENESIS = new byte[HASH_SIZE];

    private AuditChain() {}

    /** The {@code prev_hash} of entry 1: 32 zero bytes. */
    public static byte[] genesis() {
        return GENESIS.clone();
    }

    /** The fields of one audit event, as stored. {@code detail} may be null, the others not. */
    public record Event(
            Instant time,
            String actor,
            String unitCode,
            String eventType,
            boolean success,
            String ip,
            String objectRef,
            String detail) {
        public Event {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(unitCode, "unitCode");
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(objectRef, "objectRef");
            time = time.truncatedTo(ChronoUnit.MICROS);
        }
    }

    /** One stored row of the chain. */
    public record Entry(long seq, Event event, byte[] prevHash, byte[] hash) {
        public Entry {
            Objects.requireNonNull(event, "event");
            prevHash = prevHash == null ? new byte[0] : prevHash;
            hash = hash == null ? new byte[0] : hash;
        }

        @Override
        public String toString() {
            return "Entry[" + seq + ", " + event + ", hash=" + HexFormat.of().formatHex(hash) + "]";
        }
    }

    /** A signed statement "the chain up to {@code seq} ends in {@code hash}". */
    public record Checkpoint(long seq, byte[] hash, Instant signedAt, String signer, byte[] signature) {
        public Checkpoint {
            Objects.requireNonNull(signedAt, "signedAt");
            signedAt = signedAt.truncatedTo(ChronoUnit.MICROS);
            hash = hash == null ? new byte[0] : hash;
            signature = signature == null ? new byte[0] : signature;
        }
    }

    /** The entry that follows {@code prevHash} at {@code seq}, with its hash computed. */
    public static Entry append(long seq, byte[] prevHash, Event event) {
        if (prevHash.length != HASH_SIZE) {
            throw new IllegalArgumentException("prev_hash must be " + HASH_SIZE + " bytes");
        }
        return new Entry(seq, event, prevHash.clone(), hash(prevHash, seq, event));
    }

    /** SM3(prevHash ‖ encoding of seq and event). */
    public static byte[] hash(byte[] prevHash, long seq, Event event) {
        return Sm3.newHasher().update(prevHash).update(encode(seq, event)).digest();
    }

    static byte[] encode(long seq, Event e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        out.write(ENCODING_VERSION);
        writeLong(out, seq);
        writeLong(out, micros(e.time()));
        writeString(out, e.actor());
        writeString(out, e.unitCode());
        writeString(out, e.eventType());
        out.write(e.success() ? 1 : 0);
        writeString(out, e.ip());
        writeString(out, e.objectRef());
        writeString(out, e.detail());
        return out.toByteArray();
    }

    /** The bytes a checkpoint signature covers. */
    public static byte[] checkpointPayload(long seq, byte[] hash, Instant signedAt) {
        return ByteBuffer.allocate(CHECKPOINT_TAG.length + 8 + hash.length + 8)
                .put(CHECKPOINT_TAG)
                .putLong(seq)
                .put(hash)
                .putLong(micros(signedAt.truncatedTo(ChronoUnit.MICROS)))
                .array();
    }

    /** Signs a checkpoint of the chain head with a software key (tests and tools). */
    public static Checkpoint signCheckpoint(
            long seq, byte[] hash, Instant signedAt, String signer, PrivateKey key, SecureRandom random)
            throws InvalidKeyException {
        Instant at = signedAt.truncatedTo(ChronoUnit.MICROS);
        return new Checkpoint(seq, hash, at, signer, Sm2.sign(key, checkpointPayload(seq, hash, at), random));
    }

    public static boolean checkpointSignatureValid(Checkpoint checkpoint, PublicKey key) {
        try {
            return key != null
                    && Sm2.verify(
                            key,
                            checkpointPayload(checkpoint.seq(), checkpoint.hash(), checkpoint.signedAt()),
                            checkpoint.signature());
        } catch (InvalidKeyException e) {
            return false;
        }
    }

    /** How the chain is broken at the first broken entry. */
    public enum Kind {
        /** The entry's content (or its stored hashes) no longer matches its hash. */
        EDITED,
        /** Sequence numbers jump: the entries in between were deleted. */
        DELETED,
        /** An entry that was not appended by the application: extra, duplicated or beyond the head. */
        INSERTED,
        /** An entry sits at another position than the one it was written at. */
        REORDERED,
        /** Self-consistent entry that does not follow its predecessor: one of them was rewritten with a recomputed hash. */
        LINK_BROKEN,
        /** A checkpoint's signature is invalid, or the chain at its position differs from what was signed. */
        CHECKPOINT_INVALID,
        /** Entries are missing at the end: a checkpoint or the chain head lies beyond the last entry. */
        TRUNCATED
    }

    /** The first broken entry: its position in the chain, what is wrong and (when known) its time. */
    public record Break(long seq, Kind kind, Instant time, String detail) {
        @Override
        public String toString() {
            return kind + " at seq " + seq + (time == null ? "" : " (" + time + ")") + ": " + detail;
        }
    }

    /**
     * The outcome: how many entries and checkpoints were checked up to the first broken entry (all of
     * them when {@code firstBroken} is null), and the highest sequence number a valid checkpoint
     * covers.
     */
    public record Result(long checked, long checkpoints, long lastCheckpointSeq, long lastSeq, Break firstBroken) {
        public boolean ok() {
            return firstBroken == null;
        }

        @Override
        public String toString() {
            return ok()
                    ? "audit chain intact: " + checked + " entries, " + checkpoints
                            + " signed checkpoints (last at seq " + lastCheckpointSeq + ")"
                    : "audit chain BROKEN: " + firstBroken + " (" + checked + " entries verified before it)";
        }
    }

    /**
     * Walks {@code entries} (in ascending seq order, ties in insertion order) and {@code checkpoints}
     * (ascending seq) and reports the first broken entry.
     *
     * @param checkpointKey the system CA's public key; null when unknown (then any checkpoint is
     *     reported invalid)
     * @param headSeq the last seq the application says it appended, when known
     */
    public static Result verify(
            Iterator<Entry> entries, Iterator<Checkpoint> checkpoints, PublicKey checkpointKey, OptionalLong headSeq) {
        return verifyFrom(0, entries, checkpoints, checkpointKey, headSeq);
    }

    /**
     * Verifies a chain whose entries up to {@code baseSeq} were purged (SECURITY.md L05): the first
     * checkpoint must be the one at {@code baseSeq}, with a valid signature; it anchors the chain,
     * whose first entry must then be {@code baseSeq + 1} with {@code prev_hash} equal to the signed
     * hash. Checkpoints below {@code baseSeq} are skipped. {@code baseSeq} 0 is the whole chain.
     */
    public static Result verifyFrom(
            long baseSeq,
            Iterator<Entry> entries,
            Iterator<Checkpoint> checkpoints,
            PublicKey checkpointKey,
            OptionalLong headSeq) {
        if (baseSeq < 0) {
            throw new IllegalArgumentException("baseSeq must not be negative");
        }
        Walk walk = new Walk(entries, checkpoints, checkpointKey, headSeq);
        if (baseSeq == 0) {
            return walk.run();
        }
        Checkpoint anchor = null;
        while (checkpoints.hasNext()) {
            Checkpoint cp = checkpoints.next();
            if (cp.seq() >= baseSeq) {
                anchor = cp;
                break;
            }
        }
        if (anchor == null || anchor.seq() != baseSeq) {
            return new Result(
                    0,
                    0,
                    0,
                    baseSeq,
                    new Break(
                            baseSeq,
                            Kind.CHECKPOINT_INVALID,
                            null,
                            "the log was purged up to seq " + baseSeq + " but no signed checkpoint at that seq anchors"
                                    + " what remains"));
        }
        if (!checkpointSignatureValid(anchor, checkpointKey)) {
            return new Result(
                    0,
                    0,
                    0,
                    baseSeq,
                    new Break(
                            baseSeq,
                            Kind.CHECKPOINT_INVALID,
                            anchor.signedAt(),
                            "the signature of the checkpoint at seq " + baseSeq + " that anchors the purged log is not"
                                    + " valid for the system certificate"));
        }
        return walk.startAfter(anchor.seq(), anchor.hash(), true).run();
    }

    /**
     * Verifies a segment that starts after {@code startSeq} whose entry ends in {@code startHash}
     * (a trusted value, e.g. from a signed archive header): every entry must follow, and the
     * checkpoints must match.
     */
    public static Result verifySegment(
            long startSeq,
            byte[] startHash,
            Iterator<Entry> entries,
            Iterator<Checkpoint> checkpoints,
            PublicKey checkpointKey,
            OptionalLong headSeq) {
        return new Walk(entries, checkpoints, checkpointKey, headSeq)
                .startAfter(startSeq, startHash, false)
                .run();
    }

    private static final class Walk {
        private final Peekable rows;
        private final Iterator<Checkpoint> checkpoints;
        private final PublicKey key;
        private final OptionalLong head;

        private long expected = 1;
        private byte[] prev = GENESIS;
        private byte[] prevPrev = null;
        private long checked;
        private long checkpointCount;
        private long lastCheckpoint;

        Walk(Iterator<Entry> entries, Iterator<Checkpoint> checkpoints, PublicKey key, OptionalLong head) {
            this.rows = new Peekable(entries);
            this.checkpoints = checkpoints;
            this.key = key;
            this.head = head;
        }

        /** Starts the walk after {@code seq}, whose hash is {@code hash}; an anchor counts as a checkpoint. */
        Walk startAfter(long seq, byte[] hash, boolean anchorIsCheckpoint) {
            if (hash.length != HASH_SIZE) {
                throw new IllegalArgumentException("start hash must be " + HASH_SIZE + " bytes");
            }
            expected = seq + 1;
            prev = hash.clone();
            if (anchorIsCheckpoint) {
                checkpointCount = 1;
                lastCheckpoint = seq;
            }
            return this;
        }

        Result run() {
            Checkpoint cp = checkpoints.hasNext() ? checkpoints.next() : null;
            while (rows.hasNext()) {
                Entry r = rows.next();
                Break broken = check(r);
                if (broken != null) {
                    return result(broken);
                }
                while (cp != null && cp.seq() <= r.seq()) {
                    if (cp.seq() < r.seq()) {
                        return result(new Break(
                                cp.seq(),
                                Kind.CHECKPOINT_INVALID,
                                cp.signedAt(),
                                "checkpoint for seq " + cp.seq() + " is out of order or duplicated"));
                    }
                    if (!checkpointSignatureValid(cp, key)) {
                        return result(new Break(
                                cp.seq(),
                                Kind.CHECKPOINT_INVALID,
                                cp.signedAt(),
                                key == null
                                        ? "no system certificate to verify the checkpoint signed at " + cp.signedAt()
                                        : "the signature of the checkpoint signed at " + cp.signedAt()
                                                + " is not valid for the system certificate"));
                    }
                    if (!Arrays.equals(cp.hash(), r.hash())) {
                        return result(new Break(
                                cp.seq(),
                                Kind.CHECKPOINT_INVALID,
                                r.event().time(),
                                "the entries up to seq " + cp.seq()
                                        + " differ from the chain signed at " + cp.signedAt()
                                        + ": rewritten with recomputed hashes"));
                    }
                    checkpointCount++;
                    lastCheckpoint = cp.seq();
                    cp = checkpoints.hasNext() ? checkpoints.next() : null;
                }
                prevPrev = prev;
                prev = r.hash();
                expected++;
                checked++;
            }
            long last = expected - 1;
            if (cp != null) {
                return result(new Break(
                        expected,
                        Kind.TRUNCATED,
                        null,
                        "a checkpoint signed at " + cp.signedAt() + " covers seq " + cp.seq()
                                + " but the log ends at seq " + last));
            }
            if (head.isPresent() && head.getAsLong() > last) {
                return result(new Break(
                        expected,
                        Kind.TRUNCATED,
                        null,
                        "the chain head is seq " + head.getAsLong() + " but the log ends at seq " + last));
            }
            return result(null);
        }

        private Break check(Entry r) {
            if (r.seq() < expected) {
                return new Break(
                        r.seq(),
                        Kind.INSERTED,
                        r.event().time(),
                        "seq " + r.seq() + " appears again after seq " + (expected - 1));
            }
            if (r.seq() > expected) {
                return new Break(
                        expected,
                        Kind.DELETED,
                        null,
                        (r.seq() - expected == 1
                                        ? "entry " + expected + " is missing"
                                        : "entries " + expected + "–" + (r.seq() - 1) + " are missing")
                                + "; the next entry is seq " + r.seq() + " of "
                                + r.event().time());
            }
            if (head.isPresent() && r.seq() > head.getAsLong()) {
                return new Break(
                        r.seq(),
                        Kind.INSERTED,
                        r.event().time(),
                        "entry beyond the chain head (seq " + head.getAsLong() + ") the application recorded");
            }
            boolean selfConsistent = Arrays.equals(hash(r.prevHash(), r.seq(), r.event()), r.hash());
            boolean linked = Arrays.equals(r.prevHash(), prev);
            if (selfConsistent && linked) {
                return null;
            }
            return diagnose(r, selfConsistent);
        }

        /** Names what happened at the first broken entry; reads at most one entry ahead. */
        private Break diagnose(Entry r, boolean selfConsistent) {
            long p = r.seq();
            Instant t = r.event().time();
            Entry next = rows.peek();
            if (selfConsistent) {
                if (next != null && Arrays.equals(next.prevHash(), prev)) {
                    return new Break(
                            p,
                            Kind.INSERTED,
                            t,
                            "entry with a recomputed hash inserted; the next entry follows seq " + (p - 1));
                }
                return new Break(
                        p,
                        Kind.LINK_BROKEN,
                        t,
                        "entry " + p + " does not follow entry " + (p - 1)
                                + ": one of them was rewritten with a recomputed hash");
            }
            // the original entry p-1 renumbered to p after a forged entry with a valid hash at p-1
            if (prevPrev != null
                    && Arrays.equals(r.prevHash(), prevPrev)
                    && Arrays.equals(hash(r.prevHash(), p - 1, r.event()), r.hash())) {
                return new Break(
                        p - 1,
                        Kind.INSERTED,
                        t,
                        "entry " + (p - 1) + " was inserted; the entries after it were renumbered");
            }
            long origin = originalSeq(r);
            if (origin > 0 && origin < p) {
                return new Break(p, Kind.INSERTED, t, "a copy of entry " + origin + " was inserted at seq " + p);
            }
            if (origin > p) {
                return new Break(p, Kind.REORDERED, t, "entry " + origin + " was moved to seq " + p);
            }
            if (next != null
                    && Arrays.equals(next.prevHash(), prev)
                    && Arrays.equals(hash(next.prevHash(), p, next.event()), next.hash())) {
                return new Break(
                        p, Kind.INSERTED, t, "entry " + p + " was inserted; the entries after it were renumbered");
            }
            return new Break(p, Kind.EDITED, t, "entry " + p + " does not match its hash: edited");
        }

        /** The seq near {@code r.seq()} at which {@code r} was written, or 0 when there is none. */
        private static long originalSeq(Entry r) {
            for (int d = 1; d <= SEARCH_WINDOW; d++) {
                for (long s : new long[] {r.seq() + d, r.seq() - d}) {
                    if (s >= 1 && Arrays.equals(hash(r.prevHash(), s, r.event()), r.hash())) {
                        return s;
                    }
                }
            }
            return 0;
        }

        private Result result(Break broken) {
            return new Result(checked, checkpointCount, lastCheckpoint, expected - 1, broken);
        }
    }

    /** An iterator with one entry of look-ahead. */
    private static final class Peekable {
        private final Iterator<Entry> source;
        private Entry buffered;

        Peekable(Iterator<Entry> source) {
            this.source = source;
        }

        boolean hasNext() {
            return buffered != null || source.hasNext();
        }

        Entry next() {
            if (buffered != null) {
                Entry e = buffered;
                buffered = null;
                return e;
            }
            if (!source.hasNext()) {
                throw new NoSuchElementException();
            }
            return source.next();
        }

        Entry peek() {
            if (buffered == null && source.hasNext()) {
                buffered = source.next();
            }
            return buffered;
        }
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        if (s == null) {
            writeInt(out, -1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeInt(out, bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write(v >>> shift);
        }
    }
}
