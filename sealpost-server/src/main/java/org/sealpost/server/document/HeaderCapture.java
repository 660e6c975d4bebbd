package org.sealpost.server.document;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes an envelope through and keeps a copy of its signed header (prefix, manifest, sender
 * certificate, signature — docs/envelope-format.md), which stays in the database as proof of
 * what was sent even after a void shreds the envelope.
 */
final class HeaderCapture extends FilterOutputStream {

    private final ByteArrayOutputStream header = new ByteArrayOutputStream();
    private long needed = 10; // the prefix, whose last four bytes give the manifest length
    private int
            stage; // 0 prefix, 1 manifest, 2 certificate length, 3 certificate, 4 signature length, 5 signature, 6 done

    HeaderCapture(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        while (len > 0 && stage < 6) {
            int n = (int) Math.min(len, needed);
            header.write(b, off, n);
            off += n;
            len -= n;
            needed -= n;
            if (needed == 0) {
                advance();
            }
        }
    }

    private void advance() {
        byte[] h = header.toByteArray();
        int end = h.length;
        switch (stage) {
            case 0 -> needed = ((h[6] & 0xffL) << 24) | ((h[7] & 0xff) << 16) | ((h[8] & 0xff) << 8) | (h[9] & 0xff);
            case 1, 3 -> needed = 2;
            case 2, 4 -> needed = ((h[end - 2] & 0xff) << 8) | (h[end - 1] & 0xff);
            default -> needed = 0;
        }
        stage++;
        if (stage < 6 && needed == 0) {
            advance();
        }
    }

    byte[] header() {
        if (stage < 6) {
            throw new IllegalStateException("the envelope header was not complete");
        }
        return header.toByteArray();
    }
}
