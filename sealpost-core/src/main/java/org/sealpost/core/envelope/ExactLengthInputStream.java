package org.sealpost.core.envelope;

import java.io.IOException;
import java.io.InputStream;

/** Yields exactly {@code size} bytes of a payload source and fails if the source has more or fewer. */
final class ExactLengthInputStream extends InputStream {

    private final InputStream in;
    private final String name;
    private long remaining;

    ExactLengthInputStream(InputStream in, long size, String name) {
        this.in = in;
        this.remaining = size;
        this.name = name;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            if (in.read() >= 0) {
                throw new IOException("payload " + name + " grew while it was being sealed");
            }
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new IOException("payload " + name + " shrank while it was being sealed");
        }
        remaining -= n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
