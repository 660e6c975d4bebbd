package org.sealpost.core.seal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Objects;
import java.util.TimeZone;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Stamps a PDF with an electronic seal: the seal's picture on the chosen page, and a PDF signature
 * whose {@code /Contents} is a detached CMS SignedData (SM3 digest, SM2 signature, signing time,
 * signer certificate and chain) over the {@code /ByteRange}.
 *
 * <p>The seal record (DER {@code SESeal}) goes into the signature dictionary under {@value
 * #RECORD_KEY}. The dictionary lies outside the {@code /Contents} hole, so the record is covered by
 * the signature like the rest of the revision. The stamp is appended as an incremental update; the
 * original bytes are kept.
 *
 * <p>Refuses to stamp a page without text or drawing (第二十三条: no blank sealed paper), a seal
 * outside its validity, and a key whose certificate the seal record does not bind.
 */
public final class PdfStamper {

    /** Signature-dictionary key holding the DER seal record. */
    public static final String RECORD_KEY = "SealPost.SealRecord";

    static final double POINTS_PER_MM = 72 / 25.4;
    private static final int SIGNATURE_SPACE = 16_384;
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /**
     * Where the seal goes: page number from 1, and the seal's top-left corner in millimetres from
     * the top-left corner of the page's visible area (its crop box), x to the right, y downwards.
     */
    public record Placement(int page, double xMm, double yMm) {
        public Placement {
            if (page < 1 || !(xMm >= 0) || !(yMm >= 0)) {
                throw new SealException(SealProblem.PLACEMENT_OFF_PAGE, "Page numbers start at 1; x and y are ≥ 0 mm");
            }
        }
    }

    private final Clock clock;

    public PdfStamper(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Reads the PDF from {@code in}, stamps it and writes the stamped PDF to {@code out}.
     *
     * @param chain certificates to include besides the signer's (e.g. the regulator CA)
     * @throws SealException BLANK_PAGE, NO_SUCH_PAGE, DOCUMENT_MALFORMED, SEAL_EXPIRED,
     *     SEAL_NOT_YET_VALID or SIGNER_NOT_BOUND_TO_SEAL
     */
    public void stamp(
            InputStream in,
            OutputStream out,
            SealRecord record,
            SealKey key,
            List<X509Certificate> chain,
            Placement placement) {
        Instant now = clock.instant();
        record.checkBound(key.certificate());
        record.checkUsableAt(now);
        try (PDDocument doc = load(in)) {
            int pages = doc.getNumberOfPages();
            if (placement.page() > pages) {
                throw new SealException(
                        SealProblem.NO_SUCH_PAGE,
                        "The document has " + pages + " page(s); no page " + placement.page());
            }
            if (!PdfPages.hasContent(doc, placement.page())) {
                throw new SealException(
                        SealProblem.BLANK_PAGE,
                        "Page " + placement.page() + " has no text or drawing; a blank page cannot be sealed");
            }
            PDPage page = doc.getPage(placement.page() - 1);
            PDRectangle rect = rectangle(page, placement, record.image());

            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
            signature.setName(record.name());
            signature.setReason("电子印章 " + record.sealId());
            signature.setSignDate(calendar(now));
            signature.getCOSObject().setItem(COSName.getPDFName(RECORD_KEY), new COSString(record.encoded()));

            try (SignatureOptions options = new SignatureOptions()) {
                options.setPreferredSignatureSize(SIGNATURE_SPACE);
                options.setPage(placement.page() - 1);
                options.setVisualSignature(new ByteArrayInputStream(appearance(page, rect, record.image())));
                doc.addSignature(signature, options);
                ExternalSigningSupport external = doc.saveIncrementalForExternalSigning(out);
                external.setSignature(cms(external.getContent(), key, chain, now));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the stamped PDF failed", e);
        }
    }

    private static PDDocument load(InputStream in) {
        try {
            return Loader.loadPDF(new RandomAccessReadBuffer(in));
        } catch (IOException e) {
            throw new SealException(SealProblem.DOCUMENT_MALFORMED, "The document is not a readable PDF", e);
        }
    }

    private static PDRectangle rectangle(PDPage page, Placement placement, SealImage image) {
        PDRectangle crop = page.getCropBox();
        float width = (float) (image.widthMm() * POINTS_PER_MM);
        float height = (float) (image.heightMm() * POINTS_PER_MM);
        float left = crop.getLowerLeftX() + (float) (placement.xMm() * POINTS_PER_MM);
        float top = crop.getUpperRightY() - (float) (placement.yMm() * POINTS_PER_MM);
        if (left + width > crop.getUpperRightX() + 0.5f || top - height < crop.getLowerLeftY() - 0.5f) {
            throw new SealException(
                    SealProblem.PLACEMENT_OFF_PAGE, "The seal at that position would extend beyond the page");
        }
        return new PDRectangle(left, top - height, width, height);
    }

    /** A one-page template holding the signature field's widget and its appearance (the image). */
    private static byte[] appearance(PDPage source, PDRectangle rect, SealImage image) throws IOException {
        try (PDDocument template = new PDDocument()) {
            PDPage page = new PDPage(source.getMediaBox());
            template.addPage(page);
            PDAcroForm form = new PDAcroForm(template);
            template.getDocumentCatalog().setAcroForm(form);
            PDSignatureField field = new PDSignatureField(form);
            PDAnnotationWidget widget = field.getWidgets().get(0);
            form.setSignaturesExist(true);
            form.setAppendOnly(true);
            form.getCOSObject().setDirect(true);
            form.getFields().add(field);
            widget.setRectangle(rect);
            widget.setPrinted(true);

            PDFormXObject xobject = new PDFormXObject(new PDStream(template));
            xobject.setResources(new PDResources());
            xobject.setFormType(1);
            xobject.setBBox(new PDRectangle(rect.getWidth(), rect.getHeight()));
            PDAppearanceDictionary dictionary = new PDAppearanceDictionary();
            dictionary.getCOSObject().setDirect(true);
            PDAppearanceStream stream = new PDAppearanceStream(xobject.getCOSObject());
            dictionary.setNormalAppearance(stream);
            widget.setAppearance(dictionary);
            PDImageXObject picture = LosslessFactory.createFromImage(template, image.decode());
            try (PDPageContentStream cs = new PDPageContentStream(template, stream)) {
                cs.drawImage(picture, 0, 0, rect.getWidth(), rect.getHeight());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            template.save(out);
            return out.toByteArray();
        }
    }

    /** Detached CMS SignedData, SM3withSM2, signing time and certificates, over {@code content}. */
    static byte[] cms(InputStream content, SealKey key, List<X509Certificate> chain, Instant signingTime)
            throws IOException {
        try {
            ContentSigner signer = new SealKeyContentSigner(key);
            ASN1EncodableVector attributes = new ASN1EncodableVector();
            attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(signingTime)))));
            SignerInfoGenerator info = new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                            .setProvider(BC)
                            .build())
                    .setSignedAttributeGenerator(
                            new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
                    .build(signer, key.certificate());
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(info);
            List<X509Certificate> certs = new ArrayList<>();
            certs.add(key.certificate());
            for (X509Certificate cert : chain) {
                if (!cert.equals(key.certificate())) {
                    certs.add(cert);
                }
            }
            generator.addCertificates(new JcaCertStore(certs));
            return generator
                    .generate(new CMSProcessableByteArray(content.readAllBytes()), false)
                    .getEncoded();
        } catch (OperatorCreationException | CertificateEncodingException | CMSException e) {
            throw new IllegalStateException("building the CMS signature failed", e);
        }
    }

    private static Calendar calendar(Instant instant) {
        Calendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        calendar.setTimeInMillis(instant.toEpochMilli());
        return calendar;
    }

    /** Lets BouncyCastle's CMS generator sign through a {@link SealKey}. */
    private static final class SealKeyContentSigner implements ContentSigner {
        private final SealKey key;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        SealKeyContentSigner(SealKey key) {
            this.key = key;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign_with_sm3);
        }

        @Override
        public OutputStream getOutputStream() {
            return buffer;
        }

        @Override
        public byte[] getSignature() {
            return key.sign(buffer.toByteArray());
        }
    }
}
