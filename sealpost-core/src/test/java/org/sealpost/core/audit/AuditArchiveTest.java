package org.sealpost.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.core.audit.AuditChain.Checkpoint;
import org.sealpost.core.audit.AuditChain.Entry;
import org.sealpost.core.audit.AuditChain.Kind;
import org.sealpost.core.audit.AuditChain.Result;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.crypto.Sm3;

/** SECURITY.md L05: archives of purged entries, and the chain verified from a purge's checkpoint. */
class AuditArchiveTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final KeyPair SYSTEM = Sm2.generateKeyPair(RANDOM);
    private static final KeyPair OTHER = Sm2.generateKeyPair(RANDOM);

    @TempDir
    Path dir;

    @Test
    void archiveOfAChainSegmentVerifies() throws Exception {
        List<Entry> rows = AuditChainTest.chain(30);
        Path gz = archive(rows.subList(10, 20), rows.get(9).hash(), 10, checkpoint(rows.get(19)));
        AuditArchive.Verification v = AuditArchive.verify(gz, sig(gz), SYSTEM.getPublic());
        assertThat(v.ok()).as(v.toString()).isTrue();
        assertThat(v.summary().fromSeq()).isEqualTo(11);
        assertThat(v.summary().toSeq()).isEqualTo(20);
        assertThat(v.summary().entries()).isEqualTo(10);
    }

    @Test
    void firstArchiveStartsAtGenesisAndKeepsNullDetailsAndControlCharacters() throws Exception {
        List<Entry> rows = new ArrayList<>();
        byte[] prev = AuditChain.genesis();
        String[] details = {null, "line\nbreak \"quoted\" \\ 中文 \u0001", ""};
        for (int i = 1; i <= 3; i++) {
            Entry e = AuditChain.append(i, prev, AuditChainTest.event(i, details[i - 1]));
            rows.add(e);
            prev = e.hash();
        }
        Path gz = archive(rows, AuditChain.genesis(), 0, checkpoint(rows.get(2)));
        AuditArchive.Verification v = AuditArchive.verify(gz, sig(gz), SYSTEM.getPublic());
        assertThat(v.ok()).as(v.toString()).isTrue();
    }

    @Test
    void aBrokenChainIsNeverArchived() throws Exception {
        List<Entry> rows = new ArrayList<>(AuditChainTest.chain(10));
        rows.remove(4);
        assertThatThrownBy(() -> AuditArchive.write(
                        OutputStream.nullOutputStream(),
                        0,
                        AuditChain.genesis(),
                        rows.iterator(),
                        checkpoint(rows.get(8))))
                .isInstanceOf(AuditArchive.BrokenChainException.class)
                .hasMessageContaining("seq 5");
    }

    @Test
    void entriesThatDoNotEndInTheCheckpointAreNeverArchived() throws Exception {
        List<Entry> rows = AuditChainTest.chain(10);
        assertThatThrownBy(() -> AuditArchive.write(
                        OutputStream.nullOutputStream(),
                        0,
                        AuditChain.genesis(),
                        rows.subList(0, 8).iterator(),
                        checkpoint(rows.get(9))))
                .isInstanceOf(AuditArchive.BrokenChainException.class);
    }

    @Test
    void aFlippedByteInTheFileFailsItsSignature() throws Exception {
        List<Entry> rows = AuditChainTest.chain(5);
        Path gz = archive(rows, AuditChain.genesis(), 0, checkpoint(rows.get(4)));
        byte[] bytes = Files.readAllBytes(gz);
        bytes[bytes.length / 2] ^= 1;
        Files.write(gz, bytes);
        AuditArchive.Verification v = AuditArchive.verify(gz, sig(gz), SYSTEM.getPublic());
        assertThat(v.ok()).isFalse();
        assertThat(v.problem()).contains("SM3 differs");
    }

    @Test
    void anEditedEntryReSignedWithAnotherKeyIsFound() throws Exception {
        List<Entry> rows = AuditChainTest.chain(5);
        Path gz = archive(rows, AuditChain.genesis(), 0, checkpoint(rows.get(4)));
        String text = new String(new GZIPInputStream(Files.newInputStream(gz)).readAllBytes(), StandardCharsets.UTF_8);
        Path edited = dir.resolve("edited.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(edited))) {
            out.write(
                    text.replace("\"actor\":\"user1\"", "\"actor\":\"nobody\"").getBytes(StandardCharsets.UTF_8));
        }
        // signed by the right key over the edited file: the chain inside still exposes the edit
        signWith(edited, SYSTEM);
        AuditArchive.Verification v = AuditArchive.verify(edited, sig(edited), SYSTEM.getPublic());
        assertThat(v.ok()).isFalse();
        assertThat(v.problem()).contains("EDITED at seq 1");
        // and a signature by another key is refused outright
        signWith(edited, OTHER);
        assertThat(AuditArchive.verify(edited, sig(edited), SYSTEM.getPublic()).problem())
                .contains("signature is not valid");
    }

    @Test
    void aTruncatedArchiveIsFound() throws Exception {
        List<Entry> rows = AuditChainTest.chain(5);
        Path gz = archive(rows, AuditChain.genesis(), 0, checkpoint(rows.get(4)));
        String text = new String(new GZIPInputStream(Files.newInputStream(gz)).readAllBytes(), StandardCharsets.UTF_8);
        String cut = text.substring(0, text.lastIndexOf("{\"checkpoint\""));
        assertThat(AuditArchive.verifyContent(
                                new java.io.ByteArrayInputStream(cut.getBytes(StandardCharsets.UTF_8)),
                                SYSTEM.getPublic())
                        .problem())
                .contains("no closing checkpoint");
    }

    @Test
    void purgedChainVerifiesFromItsSignedCheckpoint() throws Exception {
        List<Entry> rows = AuditChainTest.chain(40);
        List<Checkpoint> cps = List.of(checkpoint(rows.get(19)), checkpoint(rows.get(39)));
        Result r = fromBase(20, rows.subList(20, 40), cps, 40);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.checked()).isEqualTo(20);
        assertThat(r.checkpoints()).isEqualTo(2);
    }

    @Test
    void afterAPurgeEditsDeletionsAndReordersAreStillFound() throws Exception {
        List<Entry> rows = AuditChainTest.chain(40);
        List<Checkpoint> cps = List.of(checkpoint(rows.get(19)));
        List<Entry> kept = new ArrayList<>(rows.subList(20, 40));

        List<Entry> edited = new ArrayList<>(kept);
        Entry e = edited.get(0);
        edited.set(0, new Entry(e.seq(), AuditChainTest.event(99, "forged"), e.prevHash(), e.hash()));
        assertBreak(fromBase(20, edited, cps, 40), 21, Kind.EDITED);

        List<Entry> deleted = new ArrayList<>(kept);
        deleted.remove(0);
        assertBreak(fromBase(20, deleted, cps, 40), 21, Kind.DELETED);

        List<Entry> reordered = new ArrayList<>(kept);
        reordered.set(4, AuditChainTest.withSeq(kept.get(5), 25));
        reordered.set(5, AuditChainTest.withSeq(kept.get(4), 26));
        assertBreak(fromBase(20, reordered, cps, 40), 25, Kind.REORDERED);
    }

    @Test
    void aPurgeWithoutItsSignedCheckpointIsNotAccepted() throws Exception {
        List<Entry> rows = AuditChainTest.chain(40);
        // rows 1..20 removed, but the checkpoint claimed for 20 is missing or forged
        assertBreak(fromBase(20, rows.subList(20, 40), List.of(), 40), 20, Kind.CHECKPOINT_INVALID);
        Checkpoint forged =
                AuditChain.signCheckpoint(20, rows.get(19).hash(), Instant.now(), "x", OTHER.getPrivate(), RANDOM);
        assertBreak(fromBase(20, rows.subList(20, 40), List.of(forged), 40), 20, Kind.CHECKPOINT_INVALID);
        // and without a recorded purge, missing leading entries are a deletion
        assertBreak(
                AuditChain.verify(
                        rows.subList(20, 40).iterator(),
                        List.of(checkpoint(rows.get(19))).iterator(),
                        SYSTEM.getPublic(),
                        OptionalLong.of(40)),
                1,
                Kind.DELETED);
    }

    @Test
    void deletingEntriesBeyondThePurgedOnesIsADeletion() throws Exception {
        List<Entry> rows = AuditChainTest.chain(40);
        List<Checkpoint> cps = List.of(checkpoint(rows.get(19)));
        assertBreak(fromBase(20, rows.subList(25, 40), cps, 40), 21, Kind.DELETED);
    }

    private static Checkpoint checkpoint(Entry e) throws Exception {
        return AuditChain.signCheckpoint(e.seq(), e.hash(), Instant.now(), "ca", SYSTEM.getPrivate(), RANDOM);
    }

    private static Result fromBase(long base, List<Entry> rows, List<Checkpoint> cps, long head) {
        return AuditChain.verifyFrom(base, rows.iterator(), cps.iterator(), SYSTEM.getPublic(), OptionalLong.of(head));
    }

    private static void assertBreak(Result result, long seq, Kind kind) {
        assertThat(result.ok()).as(result.toString()).isFalse();
        assertThat(result.firstBroken().kind()).as(result.toString()).isEqualTo(kind);
        assertThat(result.firstBroken().seq()).as(result.toString()).isEqualTo(seq);
    }

    private Path archive(List<Entry> rows, byte[] prevHash, long prevSeq, Checkpoint cp) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AuditArchive.write(out, prevSeq, prevHash, rows.iterator(), cp);
        Path gz = dir.resolve(AuditArchive.fileName(prevSeq + 1, cp.seq()));
        Files.write(gz, out.toByteArray());
        signWith(gz, SYSTEM);
        return gz;
    }

    private Path sig(Path gz) {
        return gz.resolveSibling(gz.getFileName() + ".sig");
    }

    private void signWith(Path gz, KeyPair key) throws Exception {
        byte[] sm3 = Sm3.digest(gz);
        byte[] signature = Sm2.sign(key.getPrivate(), AuditArchive.signaturePayload(sm3), RANDOM);
        Files.writeString(sig(gz), AuditArchive.signatureFile("ca", sm3, signature));
    }
}
