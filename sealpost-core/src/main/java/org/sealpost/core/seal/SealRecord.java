package org.sealpost.core.seal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.ofdrw.gm.ses.v1.SES_ESPictrueInfo;
import org.ofdrw.gm.ses.v1.SES_Header;
import org.ofdrw.gm.ses.v4.CertInfoList;
import org.ofdrw.gm.ses.v4.SES_CertList;
import org.ofdrw.gm.ses.v4.SES_ESPropertyInfo;
import org.ofdrw.gm.ses.v4.SES_SealInfo;
import org.ofdrw.gm.ses.v4.SESeal;

/**
 * A seal record (电子印章数据) after GB/T 38540-2020: the {@code SESeal} structure carrying the seal
 * ID, type, name, validity, picture and the bound signing certificates, signed by the seal maker
 * (the regulator) with SM3withSM2.
 *
 * <p>As in ofdrw, the maker's signature covers the DER encoding of {@code SES_SealInfo}. Only the
 * certificate-list form of {@code certList} is produced or accepted. A parsed record is only
 * trustworthy after {@link #verify(SealTrust, Instant)}.
 */
public final class SealRecord {

    /** Vendor ID written in the {@code SES_Header}. */
    public static final String VENDOR_ID = "SealPost";

    private static final Pattern SEAL_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_RECORD_BYTES = 4 * 1024 * 1024;
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** {@code SES_ESPropertyInfo.type}: 1 for a unit's seal, 2 for a person's. */
    public enum SealType {
        UNIT(1),
        PERSONAL(2);

        private final int code;

        SealType(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static SealType of(int code) {
            for (SealType type : values()) {
                if (type.code == code) {
                    return type;
                }
            }
            throw new SealException(SealProblem.RECORD_MALFORMED, "Unknown seal type " + code);
        }
    }

    /**
     * What the seal maker signs.
     *
     * @param sealId the seal's identifier (ASCII letters, digits, {@code . _ -})
     * @param name the seal's name, e.g. 中国工商银行浙江省分行业务专用章
     * @param signingCertificates the unit signing certificates whose keys may stamp with this seal
     */
    public record Content(
            String sealId,
            SealType type,
            String name,
            Instant validFrom,
            Instant validTo,
            SealImage image,
            List<X509Certificate> signingCertificates) {

        public Content {
            Objects.requireNonNull(type);
            Objects.requireNonNull(image);
            if (sealId == null || !SEAL_ID.matcher(sealId).matches()) {
                throw new SealException(SealProblem.RECORD_MALFORMED, "A seal ID has 1 to 64 letters, digits, . _ -");
            }
            if (name == null || name.isBlank()) {
                throw new SealException(SealProblem.RECORD_MALFORMED, "A seal needs a name");
            }
            if (!validTo.isAfter(validFrom)) {
                throw new SealException(SealProblem.RECORD_MALFORMED, "A seal's validity must end after it starts");
            }
            signingCertificates = List.copyOf(signingCertificates);
            if (signingCertificates.isEmpty()) {
                throw new SealException(SealProblem.RECORD_MALFORMED, "A seal needs a bound signing certificate");
            }
        }
    }

    private final Content content;
    private final Instant createdAt;
    private final X509Certificate maker;
    private final byte[] signedInfo;
    private final byte[] signature;
    private final byte[] encoded;

    private SealRecord(
            Content content,
            Instant createdAt,
            X509Certificate maker,
            byte[] signedInfo,
            byte[] signature,
            byte[] encoded) {
        this.content = content;
        this.createdAt = createdAt;
        this.maker = maker;
        this.signedInfo = signedInfo;
        this.signature = signature;
        this.encoded = encoded;
    }

    /** Builds the {@code SESeal} for {@code content} and signs it with the seal maker's key. */
    public static SealRecord make(Content content, SealKey maker, Clock clock) {
        try {
            CertInfoList certs = new CertInfoList();
            for (X509Certificate cert : content.signingCertificates()) {
                certs.add(new DEROctetString(cert.getEncoded()));
            }
            SES_ESPropertyInfo property = new SES_ESPropertyInfo()
                    .setType(new ASN1Integer(content.type().code()))
                    .setName(new DERUTF8String(content.name()))
                    .setCertListType(SES_ESPropertyInfo.CertListType)
                    .setCertList(new SES_CertList(certs))
                    .setCreateDate(time(clock.instant()))
                    .setValidStart(time(content.validFrom()))
                    .setValidEnd(time(content.validTo()));
            SES_ESPictrueInfo picture = new SES_ESPictrueInfo()
                    .setType("PNG")
                    .setData(content.image().png())
                    .setWidth(Math.round(content.image().widthMm()))
                    .setHeight(Math.round(content.image().heightMm()));
            SES_SealInfo info = new SES_SealInfo()
                    .setHeader(new SES_Header(SES_Header.V4, new org.bouncycastle.asn1.DERIA5String(VENDOR_ID)))
                    .setEsID(content.sealId())
                    .setProperty(property)
                    .setPicture(picture);
            byte[] signedValue = maker.sign(info.getEncoded(ASN1Encoding.DER));
            SESeal seal = new SESeal()
                    .seteSealInfo(info)
                    .setCert(maker.certificate())
                    .setSignAlgID(GMObjectIdentifiers.sm2sign_with_sm3)
                    .setSignedValue(signedValue);
            return parse(seal.getEncoded(ASN1Encoding.DER));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("unencodable certificate", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a DER-encoded {@code SESeal}. Checks structure only; call {@link #verify} before use.
     *
     * @throws SealException {@link SealProblem#RECORD_MALFORMED}
     */
    public static SealRecord parse(byte[] der) {
        if (der == null || der.length == 0 || der.length > MAX_RECORD_BYTES) {
            throw new SealException(SealProblem.RECORD_MALFORMED, "A seal record must be 1 byte to 4 MiB");
        }
        return of(SesV4.seal(der));
    }

    /**
     * The seal record carried inside a GB/T 38540 v4 electronic stamp ({@code SES_Signature}, the
     * signed value of an OFD signature), e.g. to draw the stamp's picture. Checks structure only: it
     * says nothing about whether the stamp verifies (that is {@link OfdSealVerifier}'s job).
     *
     * @throws SealException {@link SealProblem#RECORD_MALFORMED}
     */
    public static SealRecord ofStamp(byte[] sesSignatureDer) {
        if (sesSignatureDer == null || sesSignatureDer.length == 0 || sesSignatureDer.length > 2 * MAX_RECORD_BYTES) {
            throw new SealException(SealProblem.RECORD_MALFORMED, "An electronic stamp must be 1 byte to 8 MiB");
        }
        return of(SesV4.signature(sesSignatureDer).seal());
    }

    static SealRecord of(SesV4.Seal seal) {
        if (!GMObjectIdentifiers.sm2sign_with_sm3.equals(seal.signAlg())) {
            throw new SealException(SealProblem.RECORD_MALFORMED, "The seal record is not signed with SM3withSM2");
        }
        if (seal.certListType() != SES_ESPropertyInfo.CertListType.intValueExact()) {
            throw new SealException(SealProblem.RECORD_MALFORMED, "The seal record must list whole certificates");
        }
        if (!"PNG".equalsIgnoreCase(seal.pictureType())) {
            throw new SealException(SealProblem.RECORD_MALFORMED, "The seal picture must be a PNG");
        }
        try {
            List<X509Certificate> certs = new ArrayList<>();
            for (byte[] cert : seal.certs()) {
                certs.add(certificate(cert));
            }
            SealImage image = SealImage.ofPng(seal.picture(), seal.widthMm(), seal.heightMm());
            Content content = new Content(
                    seal.esId(),
                    SealType.of(seal.type()),
                    seal.name(),
                    seal.validStart(),
                    seal.validEnd(),
                    image,
                    certs);
            return new SealRecord(
                    content,
                    seal.createDate(),
                    certificate(seal.makerCert()),
                    seal.sealInfoDer(),
                    seal.signedValue(),
                    seal.der());
        } catch (CertificateException e) {
            throw new SealException(SealProblem.RECORD_MALFORMED, "The seal record holds an unreadable certificate", e);
        } catch (SealException e) {
            if (e.problem() == SealProblem.RECORD_MALFORMED) {
                throw e;
            }
            throw new SealException(SealProblem.RECORD_MALFORMED, "The seal record is unusable: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the maker's signature, the maker's certificate against {@code trust} at the record's
     * creation, and that the seal was valid and not revoked at {@code at} (the stamping time).
     *
     * @throws SealException RECORD_SIGNATURE_INVALID, RECORD_MAKER_UNTRUSTED, SEAL_NOT_YET_VALID,
     *     SEAL_EXPIRED or SEAL_REVOKED
     */
    public void verify(SealTrust trust, Instant at) {
        try {
            Signature verifier = Signature.getInstance("SM3withSM2", BC);
            verifier.initVerify(maker.getPublicKey());
            verifier.update(signedInfo);
            if (!verifier.verify(signature)) {
                throw new SealException(
                        SealProblem.RECORD_SIGNATURE_INVALID, "The seal record's maker signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw new SealException(
                    SealProblem.RECORD_SIGNATURE_INVALID, "The seal record's maker signature does not verify", e);
        }
        trust.checkMaker(maker, createdAt);
        checkUsableAt(at);
        trust.revocation().sealRevokedAt(content.sealId()).ifPresent(revokedAt -> {
            if (!revokedAt.isAfter(at)) {
                throw new SealException(
                        SealProblem.SEAL_REVOKED,
                        "Seal " + content.sealId() + " was revoked at " + revokedAt + ", before its use at " + at);
            }
        });
    }

    /**
     * Refuses a seal outside its validity at {@code at}.
     *
     * @throws SealException SEAL_NOT_YET_VALID or SEAL_EXPIRED
     */
    public void checkUsableAt(Instant at) {
        if (at.isBefore(content.validFrom())) {
            throw new SealException(
                    SealProblem.SEAL_NOT_YET_VALID,
                    "Seal " + content.sealId() + " is valid only from " + content.validFrom() + ", used at " + at);
        }
        if (at.isAfter(content.validTo())) {
            throw new SealException(
                    SealProblem.SEAL_EXPIRED,
                    "Seal " + content.sealId() + " expired at " + content.validTo() + ", used at " + at);
        }
    }

    /** Refuses a signing certificate that this seal does not bind. */
    public void checkBound(X509Certificate signer) {
        for (X509Certificate cert : content.signingCertificates()) {
            if (cert.equals(signer)) {
                return;
            }
        }
        throw new SealException(
                SealProblem.SIGNER_NOT_BOUND_TO_SEAL,
                "The signing certificate " + signer.getSubjectX500Principal().getName() + " is not bound to seal "
                        + content.sealId());
    }

    public String sealId() {
        return content.sealId();
    }

    public String name() {
        return content.name();
    }

    public SealType type() {
        return content.type();
    }

    public Instant validFrom() {
        return content.validFrom();
    }

    public Instant validTo() {
        return content.validTo();
    }

    public Instant createdAt() {
        return createdAt;
    }

    public SealImage image() {
        return content.image();
    }

    public List<X509Certificate> signingCertificates() {
        return content.signingCertificates();
    }

    public X509Certificate maker() {
        return maker;
    }

    /** The DER encoding of the {@code SESeal}, as signed by the maker. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The record as ofdrw's {@code SESeal}, for embedding in structures that ofdrw writes. */
    SESeal toSeSeal() {
        ASN1Primitive primitive;
        try {
            primitive = ASN1Primitive.fromByteArray(encoded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // ofdrw cannot parse with this BouncyCastle line (see SesV4), so the bytes are carried as is
        return new SESeal() {
            @Override
            public ASN1Primitive toASN1Primitive() {
                return primitive;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealRecord other && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "SealRecord[" + content.sealId() + " " + content.name() + "]";
    }

    private static ASN1GeneralizedTime time(Instant instant) {
        return new ASN1GeneralizedTime(Date.from(instant), Locale.ROOT);
    }

    private static X509Certificate certificate(byte[] der) throws CertificateException {
        return (X509Certificate)
                CertificateFactory.getInstance("X.509", BC).generateCertificate(new ByteArrayInputStream(der));
    }
}
