package org.sealpost.server.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.core.crypto.Sm3;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Blob stores (issue 5 step 1): encrypted at rest, SM3 checked on read, the row in the caller's
 * transaction (rollback removes the file), shredding, the orphan sweeper; file and database stores.
 */
@SpringBootTest
@ActiveProfiles("test")
class BlobStoreIT {

    static final byte[] MARKER = "PLAINTEXT-MARKER-7f3a 机密测试标记".getBytes(StandardCharsets.UTF_8);

    @Autowired
    AbstractBlobStore store;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate tx;

    static byte[] content(int size) {
        byte[] b = new byte[size];
        new SecureRandom().nextBytes(b);
        for (int at = 0; at + MARKER.length < size; at += 70_000) {
            System.arraycopy(MARKER, 0, b, at, MARKER.length);
        }
        return b;
    }

    BlobRef put(BlobStore s, byte[] content) {
        return tx.execute(status -> s.put(new ByteArrayInputStream(content)));
    }

    @Test
    void storesEncryptedAndReadsBackVerified() throws Exception {
        byte[] content = content(200_000);
        BlobRef ref = put(store, content);
        assertThat(ref.size()).isEqualTo(content.length);
        assertThat(ref.sm3()).isEqualTo(HexFormat.of().formatHex(Sm3.digest(content)));
        assertThat(store.read(ref.id())).isEqualTo(content);
        byte[] onDisk = Files.readAllBytes(((FileBlobStore) store).pathOf(ref.id()));
        assertThat(indexOf(onDisk, MARKER)).as("no plaintext at rest (K05)").isEqualTo(-1);
        assertThat(store.read(put(store, new byte[0]).id())).isEmpty();
    }

    @Test
    void aFlippedByteOnDiskIsDetected() throws Exception {
        BlobRef ref = put(store, content(150_000));
        Path file = ((FileBlobStore) store).pathOf(ref.id());
        byte[] onDisk = Files.readAllBytes(file);
        onDisk[onDisk.length / 2] ^= 1;
        Files.write(file, onDisk);
        assertThatThrownBy(() -> store.read(ref.id()))
                .isInstanceOfSatisfying(
                        BlobException.class, e -> assertThat(e.reason()).isEqualTo(BlobException.Reason.CORRUPT));
        // a truncated file too
        Files.write(file, java.util.Arrays.copyOf(onDisk, onDisk.length - 100));
        assertThatThrownBy(() -> store.read(ref.id())).isInstanceOf(BlobException.class);
    }

    @Test
    void aRolledBackTransactionLeavesNoFileAndNoRow() {
        String[] id = new String[1];
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                    id[0] = store.put(new ByteArrayInputStream(content(1000))).id();
                    throw new IllegalStateException("document insert failed");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(Files.exists(((FileBlobStore) store).pathOf(id[0]))).isFalse();
        assertThat(store.find(id[0])).isEmpty();
        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(new byte[1])))
                .as("outside a transaction")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shreddedBlobsCannotBeReadAndTheirFileIsGone() {
        BlobRef ref = put(store, content(5000));
        tx.executeWithoutResult(status -> store.shred(ref.id()));
        assertThat(Files.exists(((FileBlobStore) store).pathOf(ref.id()))).isFalse();
        assertThat(store.find(ref.id())).contains(ref);
        assertThatThrownBy(() -> store.open(ref.id()))
                .isInstanceOfSatisfying(
                        BlobException.class, e -> assertThat(e.reason()).isEqualTo(BlobException.Reason.SHREDDED));
    }

    @Test
    void theSweeperRemovesStagedAndRowlessFilesButKeepsStoredOnes() throws Exception {
        BlobRef kept = put(store, content(100));
        BlobStore.Staged staged = store.stage(out -> out.write(content(100)));
        Path orphan = ((FileBlobStore) store).pathOf("0f0e0d0c-0000-4000-8000-000000000001");
        Files.createDirectories(orphan.getParent());
        Files.write(orphan, new byte[] {1, 2, 3});
        assertThat(store.sweepOrphans()).isGreaterThanOrEqualTo(2);
        assertThat(Files.exists(orphan)).isFalse();
        assertThat(store.read(kept.id())).hasSize(100);
        staged.discard();
    }

    @Test
    void theDatabaseStoreKeepsCiphertextInTheRow(@TempDir Path dir) {
        byte[] key = BlobConfig.blobKey(dir.resolve("blob.key"), true, new SecureRandom());
        DatabaseBlobStore db = new DatabaseBlobStore(jdbc, new BlobCipher(key, new SecureRandom()), Clock.systemUTC());
        byte[] content = content(150_000);
        BlobRef ref = put(db, content);
        assertThat(db.read(ref.id())).isEqualTo(content);
        byte[] stored = jdbc.queryForObject("SELECT content FROM blob WHERE id = ?", byte[].class, ref.id());
        assertThat(indexOf(stored, MARKER)).isEqualTo(-1);
        stored[stored.length - 5] ^= 1;
        jdbc.update("UPDATE blob SET content = ? WHERE id = ?", stored, ref.id());
        assertThatThrownBy(() -> db.read(ref.id())).isInstanceOf(BlobException.class);
        tx.executeWithoutResult(status -> db.shred(ref.id()));
        assertThat(jdbc.queryForObject("SELECT content FROM blob WHERE id = ?", byte[].class, ref.id()))
                .isNull();
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
