package org.sealpost.core.document;

import java.util.Arrays;

/** Recognises formats by their first bytes (magic numbers); file names are never consulted. */
final class Sniffing {

    enum Kind {
        PDF,
        ZIP,
        OLE2,
        OTHER
    }

    /** Bytes read from the start of a file to recognise it. */
    static final int HEAD = 1024;

    private static final byte[] PDF = {'%', 'P', 'D', 'F', '-'};
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] OLE2 = {
        (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1
    };

    private Sniffing() {}

    /** @param head the first {@link #HEAD} bytes of the file, or all of it if shorter */
    static Kind kind(byte[] head, int length) {
        if (startsWith(head, length, ZIP)) {
            return Kind.ZIP;
        }
        if (startsWith(head, length, OLE2)) {
            return Kind.OLE2;
        }
        // PDF requires the header at offset 0; we accept nothing else, so a polyglot cannot pass as a PDF
        if (startsWith(head, length, PDF)) {
            return Kind.PDF;
        }
        return Kind.OTHER;
    }

    private static boolean startsWith(byte[] head, int length, byte[] magic) {
        return length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
}
