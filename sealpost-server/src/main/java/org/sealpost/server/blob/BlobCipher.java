package org.sealpost.server.blob;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import org.sealpost.core.crypto.Sm3;
import org.sealpost.core.crypto.Sm4GcmAead;

/**
 * At-rest format of a blob: {@code "SPB1"} ‖ u16 length ‖ data key wrapped (SM4-GCM) under the blob
 * key with the blob id as associated data ‖ frames. A frame is u32 (plaintext length, top bit set on
 * the last frame) ‖ SM4-GCM(nonce ‖ ciphertext ‖ tag) with associated data = blob id ‖ frame index ‖
 * last flag, so frames cannot be reordered, dropped, truncated or moved to another blob.
 */
final class BlobCipher {

    static final int FRAME = 64 * 1024;
    private static final byte[] MAGIC = "SPB1".getBytes(StandardCharsets.US_ASCII);
    private static final int LAST = 0x8000_0000;

    private final byte[] blobKey;
    private final SecureRandom random;

    BlobCipher(byte[] blobKey, SecureRandom random) {
        if (blobKey.length != 16) {
            throw new IllegalArgumentException("the blob key is 16 bytes");
        }
        this.blobKey = blobKey.clone();
        this.random = random;
    }

    /** An output stream that encrypts into {@code sink}; {@link Sealing#finish()} returns size and SM3. */
    Sealing seal(String blobId, OutputStream sink) throws IOException {
        byte[] dataKey = new byte[16];
        random.nextBytes(dataKey);
        byte[] wrapped = new Sm4GcmAead(blobKey, random).encrypt(dataKey, blobId.getBytes(StandardCharsets.UTF_8));
        DataOutputStream out = new DataOutputStream(sink);
        out.write(MAGIC);
        out.writeShort(wrapped.length);
        out.write(wrapped);
        Sealing sealing = new Sealing(blobId, new Sm4GcmAead(dataKey, random), out);
        Arrays.fill(dataKey, (byte) 0);
        return sealing;
    }

    InputStream open(String blobId, InputStream stored, long size, String sm3Hex) throws IOException {
        DataInputStream in = new DataInputStream(stored);
        byte[] magic = new byte[4];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw corrupt(blobId, "not a blob");
        }
        int length = in.readUnsignedShort();
        if (length > 256) {
            throw corrupt(blobId, "bad key length");
        }
        byte[] wrapped = new byte[length];
        in.readFully(wrapped);
        byte[] dataKey;
        try {
            dataKey = new Sm4GcmAead(blobKey, random).decrypt(wrapped, blobId.getBytes(StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            throw corrupt(blobId, "its key does not authenticate");
        }
        Sm4GcmAead aead = new Sm4GcmAead(dataKey, random);
        Arrays.fill(dataKey, (byte) 0);
        return new Opening(blobId, aead, in, size, sm3Hex);
    }

    static IOException corrupt(String blobId, String why) {
        return new IOException(new BlobException(
                BlobException.Reason.CORRUPT, "blob " + blobId + " is damaged (" + why + "): it was changed at rest"));
    }

    private static byte[] aad(String blobId, long index, boolean last) {
        byte[] id = blobId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(id.length + 9)
                .put(id)
                .putLong(index)
                .put((byte) (last ? 1 : 0))
                .array();
    }

    static final class Sealing extends OutputStream {
        private final String blobId;
        private final Sm4GcmAead aead;
        private final DataOutputStream out;
        private final byte[] buffer = new byte[FRAME];
        private final Sm3.Hasher hasher = Sm3.newHasher();
        private int filled;
        private long index;
        private long size;
        private boolean finished;

        Sealing(String blobId, Sm4GcmAead aead, DataOutputStream out) {
            this.blobId = blobId;
            this.aead = aead;
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            hasher.update(b, off, len);
            size += len;
            while (len > 0) {
                if (filled == FRAME) {
                    frame(false);
                }
                int n = Math.min(len, FRAME - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void frame(boolean last) throws IOException {
            byte[] plain = Arrays.copyOf(buffer, filled);
            out.writeInt(filled | (last ? LAST : 0));
            out.write(aead.encrypt(plain, aad(blobId, index++, last)));
            Arrays.fill(plain, (byte) 0);
            filled = 0;
        }

        /** Writes the last frame; returns the plaintext size and SM3 (hex). */
        BlobRef finish() throws IOException {
            if (!finished) {
                finished = true;
                frame(true);
                out.flush();
                Arrays.fill(buffer, (byte) 0);
            }
            return new BlobRef(blobId, size, HexFormat.of().formatHex(hasher.digest()));
        }

        @Override
        public void close() throws IOException {
            // the sink belongs to the caller; finish() writes the last frame
        }
    }

    private static final class Opening extends InputStream {
        private final String blobId;
        private final Sm4GcmAead aead;
        private final DataInputStream in;
        private final long expectedSize;
        private final String expectedSm3;
        private final Sm3.Hasher hasher = Sm3.newHasher();
        private byte[] plain = new byte[0];
        private int pos;
        private long index;
        private long size;
        private boolean done;

        Opening(String blobId, Sm4GcmAead aead, DataInputStream in, long expectedSize, String expectedSm3) {
            this.blobId = blobId;
            this.aead = aead;
            this.in = in;
            this.expectedSize = expectedSize;
            this.expectedSm3 = expectedSm3;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos == plain.length) {
                if (done) {
                    return -1;
                }
                next();
            }
            int n = Math.min(len, plain.length - pos);
            System.arraycopy(plain, pos, b, off, n);
            pos += n;
            return n;
        }

        private void next() throws IOException {
            int header;
            try {
                header = in.readInt();
            } catch (EOFException e) {
                throw corrupt(blobId, "truncated");
            }
            boolean last = (header & LAST) != 0;
            int length = header & ~LAST;
            if (length > FRAME) {
                throw corrupt(blobId, "bad frame length");
            }
            byte[] sealed = new byte[length + Sm4GcmAead.OVERHEAD];
            try {
                in.readFully(sealed);
                plain = aead.decrypt(sealed, aad(blobId, index++, last));
            } catch (EOFException e) {
                throw corrupt(blobId, "truncated");
            } catch (AEADBadTagException e) {
                throw corrupt(blobId, "frame " + (index - 1) + " does not authenticate");
            }
            pos = 0;
            hasher.update(plain);
            size += plain.length;
            if (last) {
                done = true;
                String sm3 = HexFormat.of().formatHex(hasher.digest());
                if (size != expectedSize || !sm3.equals(expectedSm3)) {
                    throw corrupt(blobId, "SM3 differs from the record");
                }
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
