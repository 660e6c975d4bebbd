package org.sealpost.core.envelope;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where an opened envelope's files go: one stream per payload entry, in manifest order. The reader
 * closes each stream when its entry is complete. Bytes are written only after their chunk
 * authenticated, but the per-file SM3 is known to match only when {@code open} returns: treat
 * the output as unverified until then.
 */
@FunctionalInterface
public interface PayloadSink {

    OutputStream open(PayloadEntry entry) throws IOException;
}
