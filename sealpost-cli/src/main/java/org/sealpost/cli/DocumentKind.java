package org.sealpost.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What a file is, judged by its first bytes, never by its name. */
enum DocumentKind {
    ENVELOPE,
    PDF,
    OFD,
    OTHER;

    private static final byte[] ENVELOPE_MAGIC = {'S', 'P', 'E', 'N', 'V'};
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    /** PDF readers accept a header within the first 1024 bytes. */
    private static final int PDF_HEADER_WINDOW = 1024;

    static DocumentKind of(Path file) throws IOException {
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(PDF_HEADER_WINDOW);
        }
        if (startsWith(start, ENVELOPE_MAGIC)) {
            return ENVELOPE;
        }
        if (startsWith(start, ZIP_MAGIC)) {
            return OFD; // OfdPackage and ofdrw refuse a ZIP that is not an OFD
        }
        if (indexOf(start, PDF_MAGIC) >= 0) {
            return PDF;
        }
        return OTHER;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] data, byte[] needle) {
        for (int i = 0; i + needle.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
