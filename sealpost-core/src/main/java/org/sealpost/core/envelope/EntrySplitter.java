package org.sealpost.core.envelope;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.sealpost.core.crypto.Sm3;

/** Cuts the decrypted payload into its entries, hashing each with SM3 on the way. */
final class EntrySplitter extends OutputStream {

    private final List<PayloadEntry> entries;
    private final PayloadSink sink;
    private final byte[][] digests;
    private int index = -1;
    private long remaining;
    private OutputStream current;
    private Sm3.Hasher hasher;

    EntrySplitter(List<PayloadEntry> entries, PayloadSink sink) {
        this.entries = entries;
        this.sink = sink;
        this.digests = new byte[entries.size()][];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            advanceWhileEmpty();
            if (current == null) {
                throw new IOException("payload longer than its entries");
            }
            int n = (int) Math.min(len, remaining);
            hasher.update(b, off, n);
            current.write(b, off, n);
            remaining -= n;
            off += n;
            len -= n;
        }
    }

    /** Completes every entry, including empty trailing ones; returns the SM3 of each entry. */
    byte[][] finish() throws IOException {
        advanceWhileEmpty();
        if (current != null) {
            throw new IOException("payload shorter than its entries");
        }
        return digests;
    }

    private void advanceWhileEmpty() throws IOException {
        while (current == null || remaining == 0) {
            if (current != null) {
                current.close();
                digests[index] = hasher.digest();
                current = null;
            }
            if (index + 1 >= entries.size()) {
                return;
            }
            index++;
            PayloadEntry entry = entries.get(index);
            current = sink.open(entry);
            hasher = Sm3.newHasher();
            remaining = entry.size();
        }
    }
}
