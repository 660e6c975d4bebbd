package org.sealpost.core.seal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Safety pass over an OFD package (a zip) before any OFD library unpacks or parses it: bounded
 * entry count and sizes measured by actually inflating (not trusting the headers), no path
 * traversal, and no DTDs in XML parts (OFD never needs one, so XXE and entity expansion are refused
 * outright, whatever the XML parser downstream allows).
 */
public final class OfdPackage {

    static final int MAX_ENTRIES = 5_000;
    static final long MAX_ENTRY_BYTES = 64L * 1024 * 1024;
    static final long MAX_TOTAL_BYTES = 256L * 1024 * 1024;

    private OfdPackage() {}

    /**
     * Checks the package at {@code ofd} before any OFD library unpacks it.
     *
     * @throws SealException DOCUMENT_MALFORMED naming the first violation
     */
    public static void check(Path ofd) {
        try {
            if (Files.size(ofd) > MAX_TOTAL_BYTES) {
                throw refused("the file is larger than 256 MiB");
            }
            try (ZipFile zip = new ZipFile(ofd.toFile(), StandardCharsets.UTF_8)) {
                int count = 0;
                long total = 0;
                byte[] buffer = new byte[8192];
                for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                    ZipEntry entry = entries.nextElement();
                    if (++count > MAX_ENTRIES) {
                        throw refused("more than " + MAX_ENTRIES + " entries");
                    }
                    checkName(entry.getName());
                    if (entry.isDirectory()) {
                        continue;
                    }
                    boolean xml = entry.getName().toLowerCase(Locale.ROOT).endsWith(".xml");
                    DtdScanner scanner = xml ? new DtdScanner() : null;
                    long size = 0;
                    try (InputStream in = zip.getInputStream(entry)) {
                        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                            size += n;
                            total += n;
                            if (size > MAX_ENTRY_BYTES || total > MAX_TOTAL_BYTES) {
                                throw refused("it unpacks to more than the allowed size (zip bomb?)");
                            }
                            if (scanner != null && scanner.scan(buffer, n)) {
                                throw refused(entry.getName() + " declares a DTD or entity");
                            }
                        }
                    }
                }
                if (count == 0) {
                    throw refused("the package is empty");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof SealException sealException) {
                throw sealException;
            }
            throw new SealException(SealProblem.DOCUMENT_MALFORMED, "The document is not a readable OFD package", e);
        }
    }

    private static void checkName(String name) {
        String normal = name.replace('\\', '/');
        if (name.isEmpty()
                || name.indexOf('\0') >= 0
                || normal.startsWith("/")
                || normal.matches("^[A-Za-z]:.*")
                || ("/" + normal + "/").contains("/../")
                || !normal.equals(name)) {
            throw refused("unsafe entry name " + name);
        }
    }

    private static SealException refused(String reason) {
        return new SealException(SealProblem.DOCUMENT_MALFORMED, "The OFD package is refused: " + reason);
    }

    /** Looks for {@code <!DOCTYPE} or {@code <!ENTITY} across buffer boundaries; refuses UTF-16/32. */
    private static final class DtdScanner {
        private static final byte[][] PATTERNS = {
            "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII), "<!ENTITY".getBytes(StandardCharsets.US_ASCII)
        };
        private final int[] matched = new int[PATTERNS.length];
        private boolean first = true;

        boolean scan(byte[] buffer, int length) {
            if (first && length >= 2) {
                first = false;
                if (buffer[0] == 0 || buffer[1] == 0 || (buffer[0] & 0xFF) == 0xFE || (buffer[0] & 0xFF) == 0xFF) {
                    return true; // not UTF-8: OFD XML is UTF-8, and a wide encoding would dodge this scan
                }
            }
            for (int i = 0; i < length; i++) {
                int b = Character.toUpperCase(buffer[i] & 0xFF);
                for (int p = 0; p < PATTERNS.length; p++) {
                    byte[] pattern = PATTERNS[p];
                    if (b == pattern[matched[p]]) {
                        if (++matched[p] == pattern.length) {
                            return true;
                        }
                    } else {
                        matched[p] = b == pattern[0] ? 1 : 0;
                    }
                }
            }
            return false;
        }
    }
}
