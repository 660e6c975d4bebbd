package org.sealpost.server.blob;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Blobs in {@code blob.content}, for several application nodes without a shared directory. Staging
 * encrypts into a temporary file (ciphertext only); attaching streams it into the row.
 */
final class DatabaseBlobStore extends AbstractBlobStore {

    DatabaseBlobStore(JdbcTemplate jdbc, BlobCipher cipher, Clock clock) {
        super(jdbc, cipher, clock);
    }

    @Override
    public Staged stage(Content content) {
        String id = newId();
        Path tmp = null;
        try {
            tmp = Files.createTempFile("sealpost-blob-", ".tmp");
            BlobRef ref;
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                BlobCipher.Sealing sealing = cipher.seal(id, out);
                content.writeTo(sealing);
                ref = sealing.finish();
            }
            return new DbStaged(ref, tmp);
        } catch (IOException e) {
            if (tmp != null) {
                FileBlobStore.deleteQuietly(tmp);
            }
            throw new UncheckedIOException("cannot write a blob: " + e.getMessage(), e);
        }
    }

    @Override
    public BlobRef attach(Staged staged) {
        requireTransaction();
        BlobRef ref = staged.ref();
        Path file = ((DbStaged) staged).file();
        try (InputStream in = Files.newInputStream(file)) {
            long length = Files.size(file);
            jdbc.update(con -> {
                var ps = con.prepareStatement(
                        "INSERT INTO blob (id, size, sm3, created_at, content) VALUES (?, ?, ?, ?, ?)");
                ps.setString(1, ref.id());
                ps.setLong(2, ref.size());
                ps.setString(3, ref.sm3());
                ps.setObject(4, now());
                ps.setBinaryStream(5, in, length);
                return ps;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store blob " + ref.id(), e);
        } finally {
            staged.discard();
        }
        return ref;
    }

    @Override
    InputStream storedContent(String id) {
        byte[] content = jdbc.queryForObject("SELECT content FROM blob WHERE id = ?", byte[].class, id);
        if (content == null) {
            throw new BlobException(BlobException.Reason.CORRUPT, "blob " + id + " has no content");
        }
        return new ByteArrayInputStream(content);
    }

    @Override
    public void shred(String id) {
        requireTransaction();
        readable(id);
        jdbc.update("UPDATE blob SET shredded_at = ?, content = NULL WHERE id = ?", now(), id);
    }

    @Override
    int sweepOrphans() {
        // content without a row cannot exist here: the row is the content
        return 0;
    }

    private record DbStaged(BlobRef ref, Path file) implements Staged {
        @Override
        public void discard() {
            FileBlobStore.deleteQuietly(file);
        }
    }
}
