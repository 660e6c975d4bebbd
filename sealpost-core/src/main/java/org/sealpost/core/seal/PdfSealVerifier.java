package org.sealpost.core.seal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.sealpost.core.seal.SealVerificationReport.Finding;
import org.sealpost.core.seal.SealVerificationReport.Stamp;

/**
 * Verifies the electronic seals on a PDF. For each signature: the {@code /ByteRange} covers its
 * revision except exactly the {@code /Contents} hole; the CMS signature (SM3withSM2 only) verifies
 * over those bytes; the signer's certificate chains to the trust anchor and was valid and not revoked
 * at the signing time; the seal record is signed by a trusted maker, was valid and not revoked then,
 * and binds the signer; and no later incremental update changed any page's content. A later update
 * that only touches annotations (e.g. a second stamp) is a warning.
 *
 * <p>The signing time is the one the signer claims in the CMS {@code signingTime} attribute; there
 * is no time-stamp authority in this system yet.
 */
public final class PdfSealVerifier {

    /** Largest PDF accepted for verification. */
    public static final int MAX_BYTES = 256 * 1024 * 1024;

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final SealTrust trust;

    public PdfSealVerifier(SealTrust trust) {
        this.trust = Objects.requireNonNull(trust);
    }

    public SealVerificationReport verify(byte[] pdf) {
        if (pdf.length > MAX_BYTES) {
            return SealVerificationReport.failed(SealProblem.DOCUMENT_MALFORMED, "The PDF is larger than 256 MiB");
        }
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            List<PDSignature> signatures = doc.getSignatureDictionaries();
            if (signatures.isEmpty()) {
                return SealVerificationReport.failed(SealProblem.NOT_SEALED, "The PDF carries no electronic seal");
            }
            List<Stamp> stamps = new ArrayList<>();
            for (PDSignature signature : signatures) {
                stamps.add(verify(pdf, doc, signature));
            }
            return new SealVerificationReport(List.of(), stamps);
        } catch (IOException e) {
            return SealVerificationReport.failed(SealProblem.DOCUMENT_MALFORMED, "The document is not a readable PDF");
        }
    }

    private Stamp verify(byte[] pdf, PDDocument doc, PDSignature signature) {
        List<Finding> problems = new ArrayList<>();
        List<Finding> warnings = new ArrayList<>();
        int[] range = signature.getByteRange();
        if (!wellFormed(range, pdf.length)) {
            problems.add(new Finding(SealProblem.BYTE_RANGE_INCOMPLETE, "The signature's byte range is malformed"));
            return new Stamp(null, null, null, null, problems, warnings);
        }
        byte[] hole = holeContents(pdf, range);
        if (hole == null || !Arrays.equals(trimZeros(hole), trimZeros(signature.getContents()))) {
            problems.add(new Finding(
                    SealProblem.BYTE_RANGE_INCOMPLETE,
                    "The signature's byte range leaves out more than its own /Contents value"));
            return new Stamp(null, null, null, null, problems, warnings);
        }
        byte[] signed = new byte[range[1] + range[3]];
        System.arraycopy(pdf, 0, signed, 0, range[1]);
        System.arraycopy(pdf, range[2], signed, range[1], range[3]);

        X509Certificate signer = null;
        Instant signingTime = null;
        Collection<X509Certificate> extra = new ArrayList<>();
        try {
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(signed), hole);
            Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                throw new CMSException("expected one signer, found " + signers.size());
            }
            SignerInformation info = signers.iterator().next();
            if (!GMObjectIdentifiers.sm3.getId().equals(info.getDigestAlgOID())
                    || !GMObjectIdentifiers.sm2sign_with_sm3.getId().equals(info.getEncryptionAlgOID())) {
                throw new CMSException("not SM3withSM2: " + info.getDigestAlgOID() + "/" + info.getEncryptionAlgOID());
            }
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(BC);
            for (X509CertificateHolder holder : cms.getCertificates().getMatches(null)) {
                X509Certificate cert = converter.getCertificate(holder);
                if (info.getSID().match(holder)) {
                    signer = cert;
                } else {
                    extra.add(cert);
                }
            }
            if (signer == null) {
                throw new CMSException("the signer's certificate is not in the signature");
            }
            signingTime = signingTime(info);
            if (!info.verify(
                    new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(signer))) {
                problems.add(new Finding(SealProblem.SIGNATURE_INVALID, "The seal's signature does not verify"));
            }
        } catch (CMSSignerDigestMismatchException e) {
            problems.add(new Finding(
                    SealProblem.MODIFIED_AFTER_STAMPING, "The document's bytes were changed after it was stamped"));
        } catch (CMSException | OperatorCreationException | CertificateException | RuntimeException e) {
            problems.add(new Finding(
                    SealProblem.SIGNATURE_INVALID, "The seal's signature is unreadable: " + e.getMessage()));
        }

        SealRecord record = null;
        COSBase value = signature.getCOSObject().getDictionaryObject(COSName.getPDFName(PdfStamper.RECORD_KEY));
        if (value instanceof COSString string) {
            try {
                record = SealRecord.parse(string.getBytes());
            } catch (SealException e) {
                problems.add(new Finding(e.problem(), e.getMessage()));
            }
        } else {
            problems.add(new Finding(SealProblem.RECORD_MALFORMED, "The signature carries no seal record"));
        }
        if (record != null && signer != null && signingTime != null) {
            StampChecks.check(record, signer, extra, signingTime, trust, problems);
        }
        int revisionEnd = range[2] + range[3];
        if (revisionEnd < pdf.length) {
            compareWithLaterRevisions(pdf, revisionEnd, doc, problems, warnings);
        }
        return new Stamp(
                signer == null ? null : signer.getSubjectX500Principal().getName(),
                record == null ? null : record.sealId(),
                record == null ? null : record.name(),
                signingTime,
                problems,
                warnings);
    }

    private static void compareWithLaterRevisions(
            byte[] pdf, int revisionEnd, PDDocument current, List<Finding> problems, List<Finding> warnings) {
        try (PDDocument signedRevision = Loader.loadPDF(Arrays.copyOf(pdf, revisionEnd))) {
            int pages = signedRevision.getNumberOfPages();
            if (pages != current.getNumberOfPages()) {
                problems.add(new Finding(
                        SealProblem.MODIFIED_AFTER_STAMPING,
                        "Pages were added or removed after the document was stamped"));
                return;
            }
            boolean annotationsChanged = false;
            for (int i = 0; i < pages; i++) {
                if (!Arrays.equals(
                        PdfPages.contentDigest(signedRevision.getPage(i)),
                        PdfPages.contentDigest(current.getPage(i)))) {
                    problems.add(new Finding(
                            SealProblem.MODIFIED_AFTER_STAMPING,
                            "The content of page " + (i + 1)
                                    + " was changed by an update after the document was stamped"));
                    return;
                }
                annotationsChanged |= !Arrays.equals(
                        PdfPages.annotationDigest(signedRevision.getPage(i)),
                        PdfPages.annotationDigest(current.getPage(i)));
            }
            if (annotationsChanged) {
                warnings.add(new Finding(
                        SealProblem.ANNOTATIONS_CHANGED_AFTER_STAMPING,
                        "Annotations (e.g. another stamp) were added after this stamp; page content is unchanged"));
            }
        } catch (IOException e) {
            problems.add(new Finding(
                    SealProblem.MODIFIED_AFTER_STAMPING,
                    "The document was updated after stamping and cannot be compared"));
        }
    }

    private static boolean wellFormed(int[] range, int length) {
        return range != null
                && range.length == 4
                && range[0] == 0
                && range[1] > 0
                && range[2] > range[1] + 1
                && range[3] >= 0
                && (long) range[2] + range[3] <= length;
    }

    /** The decoded hex string exactly filling the hole between the two byte-range parts. */
    private static byte[] holeContents(byte[] pdf, int[] range) {
        if (pdf[range[1]] != '<' || pdf[range[2] - 1] != '>') {
            return null;
        }
        String hex = new String(pdf, range[1] + 1, range[2] - range[1] - 2, StandardCharsets.US_ASCII);
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] trimZeros(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }

    private static Instant signingTime(SignerInformation info) throws CMSException {
        Attribute attribute = info.getSignedAttributes() == null
                ? null
                : info.getSignedAttributes().get(CMSAttributes.signingTime);
        if (attribute == null) {
            throw new CMSException("the signature has no signing time");
        }
        try {
            return Time.getInstance(attribute.getAttrValues().getObjectAt(0))
                    .getDate()
                    .toInstant();
        } catch (RuntimeException e) {
            throw new CMSException("unreadable signing time", e);
        }
    }
}
