package org.sealpost.core.envelope;

import java.nio.charset.StandardCharsets;

/** Framing constants of format v1; docs/envelope-format.md is the normative description. */
final class EnvelopeFormat {

    static final byte[] MAGIC = "SPENV".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** magic (5) + version (1) + manifest length (4). */
    static final int PREFIX_LENGTH = 10;

    static final int MAX_MANIFEST = 16 * 1024 * 1024;
    static final int MAX_CERTIFICATE = 16 * 1024;
    static final int MAX_SIGNATURE = 255;

    private EnvelopeFormat() {}
}
