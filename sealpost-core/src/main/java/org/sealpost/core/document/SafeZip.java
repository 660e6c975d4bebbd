package org.sealpost.core.document;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.sealpost.core.document.DocumentRejected.Reason;

/**
 * Unpacks an untrusted zip (OFD, DOCX, ODT) into an empty directory, refusing it before any
 * document library sees it when it is hostile:
 *
 * <ul>
 *   <li>more than {@link Limits#maxEntries()} entries → {@link Reason#TOO_MANY_ENTRIES};
 *   <li>an entry name that is empty, absolute, has a drive letter, a backslash, a NUL or a {@code ..}
 *       segment → {@link Reason#PATH_TRAVERSAL} (checked for all names before anything is inflated);
 *   <li>inflating to more than {@link Limits#maxUncompressed()} bytes, or to more than {@link
 *       Limits#maxRatio()} times the archive's size → {@link Reason#ZIP_BOMB}. Sizes are counted while
 *       inflating; the sizes in the zip headers are not trusted;
 *   <li>an XML part containing {@code <!DOCTYPE} or {@code <!ENTITY}, or not in an ASCII-compatible
 *       encoding (where such a scan could be dodged) → {@link Reason#XML_EXTERNAL_ENTITY}. No OFD
 *       or OOXML/ODF part needs a DTD.
 * </ul>
 *
 * <p>Only the central directory is read (java.util.zip), and only what it lists is written out:
 * libraries then read the unpacked directory, so entries hidden in local headers never reach them.
 */
final class SafeZip {

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private SafeZip() {}

    /** @param target an empty directory that receives the entries */
    static void unpack(Path zipFile, Path target, Limits limits) throws DocumentRejected {
        long archiveSize;
        try {
            archiveSize = Files.size(zipFile);
        } catch (IOException e) {
            throw corrupt(e);
        }
        try (ZipFile zip = new ZipFile(zipFile.toFile(), StandardCharsets.UTF_8)) {
            int count = 0;
            Set<String> names = new HashSet<>();
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (++count > limits.maxEntries()) {
                    throw new DocumentRejected(
                            Reason.TOO_MANY_ENTRIES,
                            "The package has more than " + limits.maxEntries()
                                    + " entries, which a document never needs.");
                }
                checkName(entry.getName());
                if (!names.add(entry.getName())) {
                    throw new DocumentRejected(
                            Reason.CORRUPT, "The package lists the entry " + entry.getName() + " twice.");
                }
            }
            if (count == 0) {
                throw new DocumentRejected(Reason.CORRUPT, "The package is empty.");
            }
            Path root = target.toAbsolutePath().normalize();
            long total = 0;
            byte[] buffer = new byte[8192];
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root) || out.equals(root)) {
                    throw traversal(entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                DtdScanner scanner = new DtdScanner(isXmlName(entry.getName()));
                try (InputStream in = zip.getInputStream(entry);
                        OutputStream file = Files.newOutputStream(out)) {
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        total += n;
                        if (total > limits.maxUncompressed()) {
                            throw new DocumentRejected(
                                    Reason.ZIP_BOMB,
                                    "The package unpacks to more than " + limits.maxUncompressed() / (1024 * 1024)
                                            + " MiB (a zip bomb?).");
                        }
                        if (total > Limits.RATIO_GRACE_BYTES && total / limits.maxRatio() > archiveSize) {
                            throw new DocumentRejected(
                                    Reason.ZIP_BOMB,
                                    "The package unpacks to more than " + limits.maxRatio()
                                            + " times its size (a zip bomb?).");
                        }
                        if (scanner.scan(buffer, n)) {
                            throw new DocumentRejected(
                                    Reason.XML_EXTERNAL_ENTITY,
                                    "The part " + entry.getName()
                                            + " declares a DTD or an XML entity, which documents never need.");
                        }
                        file.write(buffer, 0, n);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw corrupt(e);
        }
    }

    private static void checkName(String name) throws DocumentRejected {
        if (name.isEmpty()
                || name.indexOf('\0') >= 0
                || name.indexOf('\\') >= 0
                || name.startsWith("/")
                || DRIVE.matcher(name).matches()
                || ("/" + name + "/").contains("/../")
                || ("/" + name).endsWith("/..")) {
            throw traversal(name);
        }
    }

    private static DocumentRejected traversal(String name) {
        return new DocumentRejected(
                Reason.PATH_TRAVERSAL,
                "The package contains the entry name \"" + printable(name) + "\", which points outside the package.");
    }

    private static String printable(String name) {
        return name.replace('\0', '?').replaceAll("\\p{Cntrl}", "?");
    }

    private static DocumentRejected corrupt(Exception e) {
        return new DocumentRejected(Reason.CORRUPT, "The file is not a readable zip package.", e);
    }

    private static boolean isXmlName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".xml") || lower.endsWith(".rels") || lower.endsWith(".svg") || lower.endsWith(".xsl");
    }

    /**
     * Finds {@code <!DOCTYPE} or {@code <!ENTITY} (any case) across buffer boundaries. Every part is
     * scanned, since a parser may be handed a part whatever its name; parts named as XML must also
     * start in an ASCII-compatible encoding (UTF-8), or a wide encoding would dodge the scan.
     */
    private static final class DtdScanner {
        private static final byte[][] PATTERNS = {
            "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII), "<!ENTITY".getBytes(StandardCharsets.US_ASCII)
        };
        private final int[] matched = new int[PATTERNS.length];
        private boolean first;

        DtdScanner(boolean xml) {
            this.first = xml;
        }

        boolean scan(byte[] buffer, int length) {
            if (first) {
                first = false;
                int b0 = buffer[0] & 0xFF;
                int b1 = length > 1 ? buffer[1] & 0xFF : 0x20;
                if (b0 == 0 || b1 == 0 || b0 == 0xFE || b0 == 0xFF) {
                    return true;
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
