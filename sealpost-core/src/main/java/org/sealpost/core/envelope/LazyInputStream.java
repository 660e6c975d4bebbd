package org.sealpost.core.envelope;

import java.io.IOException;
import java.io.InputStream;

/** Opens its source on first read, so that only one payload file is open at a time. */
final class LazyInputStream extends InputStream {

    private final Payload.Source source;
    private InputStream in;

    LazyInputStream(Payload.Source source) {
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        return stream().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return stream().read(b, off, len);
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        }
    }

    private InputStream stream() throws IOException {
        if (in == null) {
            in = source.open();
        }
        return in;
    }
}
