package org.sealpost.core.seal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.ofdrw.core.basicStructure.pageObj.Page;
import org.ofdrw.core.basicStructure.pageObj.Template;
import org.ofdrw.core.basicStructure.pageObj.layer.CT_Layer;
import org.ofdrw.core.basicStructure.pageObj.layer.PageBlockType;
import org.ofdrw.core.basicStructure.pageObj.layer.block.CT_PageBlock;
import org.ofdrw.core.basicType.ST_Box;
import org.ofdrw.reader.OFDReader;
import org.ofdrw.reader.model.TemplatePageEntity;
import org.ofdrw.sign.OFDSigner;
import org.ofdrw.sign.SignMode;
import org.ofdrw.sign.stamppos.NormalStampPos;

/**
 * Stamps an OFD with a GB/T 38540 v4 electronic seal through ofdrw-sign: the stamp ({@code
 * SES_Signature}, SM3withSM2, carrying the seal record) signs {@code Signature.xml}, which lists the
 * SM3 digest of every file in the package ({@link SignMode#WholeProtected}); the seal's picture
 * appears on the chosen page at the chosen place (OFD's own coordinates: millimetres from the page's
 * top-left corner).
 *
 * <p>Refuses a page without text, path or image objects (第二十三条), a seal outside its validity,
 * and a key whose certificate the seal record does not bind. The input is checked with {@link
 * OfdPackage} before ofdrw unpacks it.
 */
public final class OfdStamper {

    private final Clock clock;

    public OfdStamper(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Writes a stamped copy of {@code in} to {@code out}.
     *
     * @throws SealException BLANK_PAGE, NO_SUCH_PAGE, PLACEMENT_OFF_PAGE, DOCUMENT_MALFORMED,
     *     SEAL_EXPIRED, SEAL_NOT_YET_VALID or SIGNER_NOT_BOUND_TO_SEAL
     */
    public void stamp(Path in, Path out, SealRecord record, SealKey key, PdfStamper.Placement placement) {
        Instant now = clock.instant();
        record.checkBound(key.certificate());
        record.checkUsableAt(now);
        OfdPackage.check(in);
        try (OFDReader reader = new OFDReader(in)) {
            int pages = reader.getNumberOfPages();
            if (placement.page() > pages) {
                throw new SealException(
                        SealProblem.NO_SUCH_PAGE,
                        "The document has " + pages + " page(s); no page " + placement.page());
            }
            if (!hasContent(reader, placement.page())) {
                throw new SealException(
                        SealProblem.BLANK_PAGE,
                        "Page " + placement.page() + " has no text or drawing; a blank page cannot be sealed");
            }
            double width = record.image().widthMm();
            double height = record.image().heightMm();
            ST_Box box = reader.getPageSize(placement.page());
            if (placement.xMm() + width > box.getWidth() + 0.2 || placement.yMm() + height > box.getHeight() + 0.2) {
                throw new SealException(
                        SealProblem.PLACEMENT_OFF_PAGE, "The seal at that position would extend beyond the page");
            }
            OFDSigner signer = new OFDSigner(reader, out);
            signer.setSignMode(SignMode.WholeProtected);
            signer.setSignContainer(new SesV4Stamping.Signing(record, key, now));
            signer.addApPos(new NormalStampPos(placement.page(), placement.xMm(), placement.yMm(), width, height));
            signer.exeSign();
            signer.close();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof SealException sealException) {
                throw sealException;
            }
            throw new SealException(
                    SealProblem.DOCUMENT_MALFORMED, "The OFD could not be stamped: " + e.getMessage(), e);
        }
    }

    /** True when the page, or a template it uses, holds at least one text, path or image object. */
    static boolean hasContent(OFDReader reader, int pageNumber) {
        Page page = reader.getPage(pageNumber);
        if (hasObjects(page)) {
            return true;
        }
        List<Template> templates = page.getTemplates();
        for (Template template : templates) {
            TemplatePageEntity entity =
                    reader.getTemplate(template.getTemplateID().toString());
            if (entity != null && hasObjects(entity.getPage())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasObjects(Page page) {
        if (page == null || page.getContent() == null) {
            return false;
        }
        for (CT_Layer layer : page.getContent().getLayers()) {
            if (hasObjects(layer.getPageBlocks(), 0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasObjects(List<PageBlockType> blocks, int depth) {
        for (PageBlockType block : blocks) {
            if (!(block instanceof CT_PageBlock nested)) {
                return true; // a text, path, image or composite object
            }
            if (depth < 32 && hasObjects(nested.getPageBlocks(), depth + 1)) {
                return true;
            }
        }
        return false;
    }
}
