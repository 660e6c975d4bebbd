package org.sealpost.core.seal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1UTF8String;

/**
 * Reads GB/T 38540-2020 (version 4) {@code SESeal} and {@code SES_Signature} structures.
 *
 * <p>ofdrw's own {@code getInstance} parsers were compiled against BouncyCastle 1.68 and fail with
 * {@code NoSuchMethodError} on the 1.83 line this project uses ({@code DERIA5String.getInstance}
 * changed its return type), so reading is done here with plain BouncyCastle ASN.1; ofdrw's classes
 * are still used to write the structures. Every accessor is strict: a missing or mistyped field is a
 * {@link SealProblem#RECORD_MALFORMED} refusal, never a null.
 */
final class SesV4 {

    private SesV4() {}

    /** {@code SESeal ::= SEQUENCE { eSealInfo, cert OCTET STRING, signAlgID OID, signedValue BIT STRING }}. */
    record Seal(
            byte[] sealInfoDer,
            String esId,
            int type,
            String name,
            int certListType,
            List<byte[]> certs,
            Instant createDate,
            Instant validStart,
            Instant validEnd,
            String pictureType,
            byte[] picture,
            int widthMm,
            int heightMm,
            byte[] makerCert,
            ASN1ObjectIdentifier signAlg,
            byte[] signedValue,
            byte[] der) {}

    /**
     * {@code SES_Signature ::= SEQUENCE { toSign TBS_Sign, cert OCTET STRING, signatureAlgID OID,
     * signature BIT STRING, timeStamp [0] BIT STRING OPTIONAL }} with {@code TBS_Sign ::= SEQUENCE {
     * version INTEGER, eseal SESeal, timeInfo GeneralizedTime, dataHash BIT STRING, propertyInfo
     * IA5String, extDatas OPTIONAL }}.
     */
    record Signature(
            byte[] toSignDer,
            Seal seal,
            Instant timeInfo,
            byte[] dataHash,
            String propertyInfo,
            byte[] signerCert,
            ASN1ObjectIdentifier signatureAlg,
            byte[] signature) {}

    static Seal seal(byte[] der) {
        try {
            return seal(sequence(ASN1Primitive.fromByteArray(der), 4));
        } catch (IOException | RuntimeException e) {
            throw malformed(e);
        }
    }

    static Signature signature(byte[] der) {
        try {
            ASN1Sequence sig = sequence(ASN1Primitive.fromByteArray(der), 4);
            ASN1Sequence tbs = sequence(sig.getObjectAt(0), 5);
            if (ASN1Integer.getInstance(tbs.getObjectAt(0)).intValueExact() != 4) {
                throw new SealException(SealProblem.RECORD_MALFORMED, "Only version 4 electronic stamps are supported");
            }
            return new Signature(
                    tbs.getEncoded(ASN1Encoding.DER),
                    seal(sequence(tbs.getObjectAt(1), 4)),
                    ASN1GeneralizedTime.getInstance(tbs.getObjectAt(2))
                            .getDate()
                            .toInstant(),
                    ASN1BitString.getInstance(tbs.getObjectAt(3)).getOctets(),
                    ASN1IA5String.getInstance(tbs.getObjectAt(4)).getString(),
                    ASN1OctetString.getInstance(sig.getObjectAt(1)).getOctets(),
                    ASN1ObjectIdentifier.getInstance(sig.getObjectAt(2)),
                    ASN1BitString.getInstance(sig.getObjectAt(3)).getOctets());
        } catch (SealException e) {
            throw e;
        } catch (IOException | java.text.ParseException | RuntimeException e) {
            throw malformed(e);
        }
    }

    private static Seal seal(ASN1Sequence seal) {
        try {
            ASN1Sequence info = sequence(seal.getObjectAt(0), 4);
            ASN1Sequence header = sequence(info.getObjectAt(0), 3);
            if (!"ES".equals(ASN1IA5String.getInstance(header.getObjectAt(0)).getString())
                    || ASN1Integer.getInstance(header.getObjectAt(1)).intValueExact() != 4) {
                throw new SealException(SealProblem.RECORD_MALFORMED, "Only version 4 seal records are supported");
            }
            ASN1Sequence property = sequence(info.getObjectAt(2), 7);
            ASN1Sequence picture = sequence(info.getObjectAt(3), 4);
            List<byte[]> certs = new ArrayList<>();
            for (ASN1Encodable cert : sequence(property.getObjectAt(3), 1)) {
                certs.add(ASN1OctetString.getInstance(cert).getOctets());
            }
            return new Seal(
                    info.getEncoded(ASN1Encoding.DER),
                    ASN1IA5String.getInstance(info.getObjectAt(1)).getString(),
                    ASN1Integer.getInstance(property.getObjectAt(0)).intValueExact(),
                    ASN1UTF8String.getInstance(property.getObjectAt(1)).getString(),
                    ASN1Integer.getInstance(property.getObjectAt(2)).intValueExact(),
                    certs,
                    time(property.getObjectAt(4)),
                    time(property.getObjectAt(5)),
                    time(property.getObjectAt(6)),
                    ASN1IA5String.getInstance(picture.getObjectAt(0)).getString(),
                    ASN1OctetString.getInstance(picture.getObjectAt(1)).getOctets(),
                    ASN1Integer.getInstance(picture.getObjectAt(2)).intValueExact(),
                    ASN1Integer.getInstance(picture.getObjectAt(3)).intValueExact(),
                    ASN1OctetString.getInstance(seal.getObjectAt(1)).getOctets(),
                    ASN1ObjectIdentifier.getInstance(seal.getObjectAt(2)),
                    ASN1BitString.getInstance(seal.getObjectAt(3)).getOctets(),
                    seal.getEncoded(ASN1Encoding.DER));
        } catch (SealException e) {
            throw e;
        } catch (IOException | java.text.ParseException | RuntimeException e) {
            throw malformed(e);
        }
    }

    private static Instant time(ASN1Encodable value) throws java.text.ParseException {
        return ASN1GeneralizedTime.getInstance(value).getDate().toInstant();
    }

    private static ASN1Sequence sequence(ASN1Encodable value, int minSize) {
        ASN1Sequence seq = ASN1Sequence.getInstance(value);
        if (seq.size() < minSize) {
            throw new IllegalArgumentException("sequence too short: " + seq.size());
        }
        return seq;
    }

    private static SealException malformed(Exception cause) {
        return new SealException(
                SealProblem.RECORD_MALFORMED, "The seal data is not a GB/T 38540 version 4 structure", cause);
    }
}
