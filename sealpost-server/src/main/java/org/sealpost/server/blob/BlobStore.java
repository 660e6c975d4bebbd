package org.sealpost.server.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where documents' bytes live. Content is encrypted at rest (SM4-GCM frames under a per-blob key
 * wrapped with the blob key, a file outside the database), so neither a database dump nor a copy
 * of the blob directory shows any plaintext (K05).
 *
 * <p>Writing is two steps so that slow work stays outside database transactions: {@link #stage}
 * encrypts the content into a temporary file (no row, invisible); {@link #attach} — inside the
 * transaction of the document that refers to the blob — moves it under its final name (after an
 * fsync) and inserts the {@code blob} row. If that transaction rolls back the file is deleted; if
 * the process dies first, the file has no row and the orphan sweeper removes it on the next start.
 * {@link #put} does both for small content written inside the transaction.
 */
public interface BlobStore {

    /** Content written by the caller, e.g. an envelope writer. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Encrypted content waiting for its row; {@link #discard()} if it is not attached. */
    interface Staged extends AutoCloseable {
        BlobRef ref();

        /** Deletes the staged file unless it was attached. */
        void discard();

        @Override
        default void close() {
            discard();
        }
    }

    Staged stage(Content content);

    /** Inserts the row and makes the staged file permanent, in the caller's transaction (mandatory). */
    BlobRef attach(Staged staged);

    /** {@link #stage} + {@link #attach}: call inside the transaction that refers to the blob. */
    default BlobRef put(InputStream in) {
        Staged staged = stage(out -> in.transferTo(out));
        try {
            return attach(staged);
        } catch (RuntimeException e) {
            staged.discard();
            throw e;
        }
    }

    /**
     * Opens the plaintext. The stream throws an {@link IOException} (caused by a {@link
     * BlobException}) at the first frame that fails authentication and at the end when the SM3
     * differs, so a reader that reaches the end without an exception read exactly what was stored.
     *
     * @throws BlobException NOT_FOUND or SHREDDED
     */
    InputStream open(String id);

    /** Reads the whole blob (small blobs only), verified. */
    default byte[] read(String id) {
        try (InputStream in = open(id)) {
            return in.readAllBytes();
        } catch (IOException e) {
            if (e.getCause() instanceof BlobException b) {
                throw b;
            }
            throw new BlobException(BlobException.Reason.IO, "cannot read blob " + id, e);
        }
    }

    /** The row, if the blob exists (shredded blobs keep their row: size and SM3 stay on record). */
    java.util.Optional<BlobRef> find(String id);

    /**
     * Destroys the content (the file is overwritten and deleted, the column cleared) and marks the
     * row shredded, in the caller's transaction; the key that decrypted it is gone with it.
     */
    void shred(String id);
}
