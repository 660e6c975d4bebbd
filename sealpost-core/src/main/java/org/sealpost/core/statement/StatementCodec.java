package org.sealpost.core.statement;

import java.io.IOException;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;

/**
 * DER encoding of a statement, the signed content of the CMS SignedData:
 *
 * <pre>
 * Statement ::= SEQUENCE {
 *   version        INTEGER (1),
 *   type           ENUMERATED { receipt(0), return(1), recall(2), void(3), destructionConfirmation(4) },
 *   documentId     UTF8String (SIZE (1..256)),
 *   envelopeSm3    OCTET STRING (SIZE (32)),
 *   unitCode       UTF8String (SIZE (1..64)),
 *   statementTime  GeneralizedTime,                        -- YYYYMMDDHHMMSSZ
 *   reason         [0] IMPLICIT UTF8String (SIZE (1..2000)) OPTIONAL,
 *   copyNumbers    [1] IMPLICIT SEQUENCE SIZE (1..1000) OF UTF8String (SIZE (1..32)) OPTIONAL }
 * </pre>
 *
 * Decoding is strict (DER only, bounded sizes, and the type rules of {@link Statement}).
 */
final class StatementCodec {

    private static final int VERSION = 1;

    private StatementCodec() {}

    static byte[] encode(Statement s) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(VERSION));
        v.add(new ASN1Enumerated(s.type().ordinal()));
        v.add(new DERUTF8String(s.documentId()));
        v.add(new DEROctetString(s.envelopeSm3()));
        v.add(new DERUTF8String(s.unitCode()));
        v.add(new DERGeneralizedTime(formatTime(s.statementTime())));
        s.reason().ifPresent(r -> v.add(new DERTaggedObject(false, 0, new DERUTF8String(r))));
        if (!s.copyNumbers().isEmpty()) {
            ASN1EncodableVector copies = new ASN1EncodableVector();
            s.copyNumbers().forEach(c -> copies.add(new DERUTF8String(c)));
            v.add(new DERTaggedObject(false, 1, new DERSequence(copies)));
        }
        try {
            return new DERSequence(v).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Statement decode(byte[] der) throws StatementException {
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
            if (!Arrays.equals(primitive.getEncoded(ASN1Encoding.DER), der)) {
                throw malformed("statement is not in DER");
            }
            ASN1Sequence seq = ASN1Sequence.getInstance(primitive);
            if (seq.size() < 6 || seq.size() > 8) {
                throw malformed("statement has a wrong number of fields");
            }
            if (!ASN1Integer.getInstance(seq.getObjectAt(0)).hasValue(VERSION)) {
                throw malformed("unsupported statement version");
            }
            int type = ASN1Enumerated.getInstance(seq.getObjectAt(1)).intValueExact();
            if (type < 0 || type >= StatementType.values().length) {
                throw malformed("unknown statement type");
            }
            String documentId = string(seq.getObjectAt(2), 256);
            byte[] digest = ASN1OctetString.getInstance(seq.getObjectAt(3)).getOctets();
            String unit = string(seq.getObjectAt(4), 64);
            ASN1GeneralizedTime time = ASN1GeneralizedTime.getInstance(seq.getObjectAt(5));
            if (!time.getTimeString().matches("\\d{14}Z")) {
                throw malformed("statement time must be YYYYMMDDHHMMSSZ");
            }
            Optional<String> reason = Optional.empty();
            List<String> copies = new ArrayList<>();
            int lastTag = -1;
            for (int i = 6; i < seq.size(); i++) {
                ASN1TaggedObject tagged = ASN1TaggedObject.getInstance(seq.getObjectAt(i));
                if (tagged.getTagNo() <= lastTag || tagged.getTagNo() > 1) {
                    throw malformed("unexpected optional field");
                }
                lastTag = tagged.getTagNo();
                if (tagged.getTagNo() == 0) {
                    reason = Optional.of(string(ASN1UTF8String.getInstance(tagged, false), 2000));
                } else {
                    ASN1Sequence list = ASN1Sequence.getInstance(tagged, false);
                    if (list.size() < 1 || list.size() > 1000) {
                        throw malformed("copy number count out of range");
                    }
                    for (ASN1Encodable copy : list) {
                        copies.add(string(copy, 32));
                    }
                }
            }
            return new Statement(
                    StatementType.values()[type],
                    documentId,
                    digest,
                    unit,
                    time.getDate().toInstant(),
                    reason,
                    copies);
        } catch (IOException
                | ParseException
                | IllegalArgumentException
                | IllegalStateException
                | ArithmeticException e) {
            throw new StatementException(StatementException.Reason.MALFORMED, "statement content cannot be decoded", e);
        }
    }

    private static String string(ASN1Encodable value, int max) throws StatementException {
        String s = ASN1UTF8String.getInstance(value).getString();
        if (s.isEmpty() || s.length() > max) {
            throw malformed("string length out of range");
        }
        return s;
    }

    private static StatementException malformed(String message) {
        return new StatementException(StatementException.Reason.MALFORMED, message);
    }

    private static String formatTime(Instant instant) {
        java.text.SimpleDateFormat format = new java.text.SimpleDateFormat("yyyyMMddHHmmss'Z'", java.util.Locale.ROOT);
        format.setTimeZone(new java.util.SimpleTimeZone(0, "Z"));
        return format.format(Date.from(instant));
    }
}
