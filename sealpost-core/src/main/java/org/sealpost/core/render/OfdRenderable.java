package org.sealpost.core.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.ofdrw.core.basicStructure.pageObj.layer.CT_Layer;
import org.ofdrw.core.basicType.ST_Box;
import org.ofdrw.core.basicType.ST_Loc;
import org.ofdrw.core.signatures.Signature;
import org.ofdrw.core.signatures.Signatures;
import org.ofdrw.core.signatures.appearance.StampAnnot;
import org.ofdrw.reader.OFDReader;
import org.ofdrw.reader.PageInfo;
import org.sealpost.core.seal.CjkFonts;
import org.sealpost.core.seal.OfdPackage;
import org.sealpost.core.seal.SealException;
import org.sealpost.core.seal.SealRecord;

/**
 * An OFD opened for rendering. ofdrw reads only unpacked packages on disk, so the document is
 * written to a private temporary directory (owner-only), checked by {@link OfdPackage} (entry count,
 * sizes, names, no DTDs), unpacked there by us, and read by ofdrw from there; the whole directory
 * is overwritten with zeros and deleted on {@link #close()} or when opening fails.
 */
final class OfdRenderable implements RenderableDocument {

    private static final double POINTS_PER_MM = 72 / 25.4;
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path privateDir;
    private final OFDReader reader;
    private final OfdPainter painter;
    private final Cleaner.Cleanable cleanup;
    private static final Cleaner CLEANER = Cleaner.create();
    private List<Stamp> stamps;

    /** A seal's appearance on a page: its boundary (mm, page coordinates) and picture, if readable. */
    record Stamp(String pageId, ST_Box boundary, BufferedImage picture) {}

    private OfdRenderable(Path privateDir, OFDReader reader, CjkFonts fonts) {
        this.privateDir = privateDir;
        this.reader = reader;
        this.painter = new OfdPainter(reader, fonts);
        // a caller that forgets close() still gets the copy wiped, when the garbage collector notices
        this.cleanup = CLEANER.register(this, new Cleanup(privateDir, reader));
    }

    /** Closes the reader and wipes the directory; holds no reference to the document object. */
    private record Cleanup(Path dir, OFDReader reader) implements Runnable {
        @Override
        public void run() {
            closeQuietly(reader);
            Wipe.directory(dir);
        }
    }

    static OfdRenderable open(byte[] bytes, CjkFonts fonts) {
        Path dir = null;
        OFDReader reader = null;
        try {
            dir = Files.createTempDirectory(
                    scratchBase(),
                    "sealpost-render-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = dir.resolve("document.ofd");
            Files.write(file, bytes);
            OfdPackage.check(file);
            Path unpacked = unpack(file, dir.resolve("unpacked"));
            reader = new OFDReader(unpacked.toString(), false);
            OfdRenderable doc = new OfdRenderable(dir, reader, fonts);
            if (doc.pageCount() < 1) {
                throw new RenderException(RenderException.Problem.DOCUMENT_MALFORMED, "The OFD has no pages");
            }
            return doc;
        } catch (IOException | RuntimeException e) {
            if (reader != null) {
                closeQuietly(reader);
            }
            Wipe.directory(dir);
            if (e instanceof RenderException r) {
                throw r;
            }
            String why = e instanceof SealException s ? s.getMessage() : "The document is not a readable OFD";
            throw new RenderException(RenderException.Problem.DOCUMENT_MALFORMED, why, e);
        }
    }

    /**
     * Where the unpacked copy goes: {@code /dev/shm} (memory, so the plaintext never reaches a disk
     * and the wipe costs no disk writes) when it exists and is writable, else {@code java.io.tmpdir}.
     */
    static Path scratchBase() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Unpacks the (already checked) package inside our private directory, so that ofdrw's own
     * world-readable temporary directory is never used.
     */
    private static Path unpack(Path file, Path target) throws IOException {
        Files.createDirectory(target, OWNER_ONLY);
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new RenderException(
                            RenderException.Problem.DOCUMENT_MALFORMED, "Unsafe entry in the OFD package");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, out);
                }
            }
        }
        return target;
    }

    @Override
    public DocumentFormat format() {
        return DocumentFormat.OFD;
    }

    @Override
    public int pageCount() {
        return reader.getNumberOfPages();
    }

    @Override
    public float[] pageSizePoints(int page) {
        PageRenderer.checkPage(page, pageCount());
        ST_Box box = reader.getPageSize(page);
        return new float[] {(float) (box.getWidth() * POINTS_PER_MM), (float) (box.getHeight() * POINTS_PER_MM)};
    }

    @Override
    public BufferedImage render(int page, float dpi, SealStyle seals) {
        return render(page, dpi, seals, null);
    }

    /**
     * Renders like {@link #render(int, float, SealStyle)} and adds every character drawn to {@code
     * text} (if not null), positioned in page millimetres: the text layer of an image copy.
     */
    BufferedImage render(int page, float dpi, SealStyle seals, List<OfdPainter.Glyph> text) {
        PageRenderer.checkDpi(dpi);
        PageRenderer.checkPage(page, pageCount());
        try {
            PageInfo info = reader.getPageInfo(page);
            ST_Box box = info.getSize();
            double scale =
                    PageRenderer.pixelsPerPoint(dpi, box.getWidth() * POINTS_PER_MM, box.getHeight() * POINTS_PER_MM)
                            * POINTS_PER_MM; // pixels per millimetre
            int width = Math.max(1, (int) Math.ceil(box.getWidth() * scale));
            int height = Math.max(1, (int) Math.ceil(box.getHeight() * scale));
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            try {
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, width, height);
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
                g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                g.scale(scale, scale);
                g.translate(-box.getTopLeftX(), -box.getTopLeftY());
                if (text != null) {
                    java.awt.geom.AffineTransform pageSpace = new java.awt.geom.AffineTransform();
                    pageSpace.scale(scale, scale); // page millimetres from the box's corner
                    painter.startRecording(text, pageSpace);
                }
                for (CT_Layer layer : info.getAllLayer()) {
                    painter.paintLayer(g, layer);
                }
                painter.stopRecording();
                painter.paintAnnotations(g, info.getId().toString());
                if (seals != SealStyle.HIDDEN) {
                    for (Stamp stamp : stamps()) {
                        if (stamp.pageId().equals(info.getId().toString())) {
                            painter.paintStamp(g, stamp, seals == SealStyle.GREY);
                        }
                    }
                }
            } finally {
                painter.stopRecording();
                g.dispose();
            }
            return image;
        } catch (SealException e) {
            throw e; // no CJK font: the operator must install one, the document is fine
        } catch (RenderException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            if (e instanceof OutOfMemoryError oom) {
                throw oom;
            }
            throw new RenderException(
                    RenderException.Problem.DOCUMENT_MALFORMED, "Page " + page + " of the OFD could not be drawn", e);
        }
    }

    /** Every stamp appearance in the document's signatures, read once. */
    private List<Stamp> stamps() {
        if (stamps != null) {
            return stamps;
        }
        List<Stamp> found = new ArrayList<>();
        if (reader.hasSignature()) {
            Signatures signatures = reader.getDefaultSignatures();
            ST_Loc signaturesLoc = reader.getDefaultDocSignaturesPath();
            for (Signature entry : signatures.getSignatures()) {
                ST_Loc signatureLoc = OfdPainter.resolve(signaturesLoc.parentLoc(), entry.getBaseLoc());
                org.ofdrw.core.signatures.sig.Signature signature =
                        painter.readXml(signatureLoc, org.ofdrw.core.signatures.sig.Signature::new);
                if (signature == null || signature.getSignedInfo() == null) {
                    continue;
                }
                BufferedImage picture = null;
                ST_Loc valueLoc = signature.getSignedValue();
                if (valueLoc != null) {
                    byte[] value = painter.readBytes(OfdPainter.resolve(signatureLoc.parentLoc(), valueLoc), 8 << 20);
                    picture = picture(value);
                }
                for (StampAnnot annot : signature.getSignedInfo().getStampAnnots()) {
                    if (annot.getPageRef() != null && annot.getBoundary() != null) {
                        found.add(new Stamp(annot.getPageRef().toString(), annot.getBoundary(), picture));
                    }
                }
            }
        }
        stamps = List.copyOf(found);
        return stamps;
    }

    /** The picture inside a GB/T 38540 v4 stamp, or null for stamps of other formats. */
    private static BufferedImage picture(byte[] signedValue) {
        if (signedValue == null) {
            return null;
        }
        try {
            return SealRecord.ofStamp(signedValue).image().decode();
        } catch (RuntimeException e) { // SealException included: another vendor's stamp format
            return null;
        }
    }

    @Override
    public void close() {
        cleanup.clean(); // runs the wipe once, now
    }

    private static void closeQuietly(OFDReader reader) {
        try {
            reader.close(); // releases ofdrw's handles; it deletes nothing (we own the directory)
        } catch (IOException | RuntimeException ignored) {
            // the directory is wiped by the caller either way
        }
    }
}
