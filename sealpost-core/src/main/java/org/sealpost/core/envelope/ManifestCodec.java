package org.sealpost.core.envelope;

import static org.sealpost.core.envelope.EnvelopeException.Reason.MALFORMED;

import java.io.IOException;
import java.math.BigInteger;
import java.text.ParseException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.SimpleTimeZone;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.sealpost.core.crypto.ChunkedAead;
import org.sealpost.core.crypto.Sm3;

/**
 * DER encoding of the manifest (ASN.1 module in docs/envelope-format.md). Decoding is strict:
 * the input must be exactly the DER encoding of a well-formed v1 manifest (re-encoding must give
 * the same bytes), every string and list is bounded, and the algorithm identifiers must be the v1
 * suite.
 */
final class ManifestCodec {

    static final ASN1ObjectIdentifier DIGEST = GMObjectIdentifiers.sm3; // 1.2.156.10197.1.401
    static final ASN1ObjectIdentifier SIGNATURE = GMObjectIdentifiers.sm2sign_with_sm3; // 1.2.156.10197.1.501
    static final ASN1ObjectIdentifier KEY_WRAP = GMObjectIdentifiers.sm2encrypt; // 1.2.156.10197.1.301.3
    static final ASN1ObjectIdentifier CONTENT = GMObjectIdentifiers.sms4_gcm; // 1.2.156.10197.1.104.8

    static final int MAX_STRING = 1024;
    static final int MAX_RECIPIENTS = 100_000;
    static final int MAX_ENTRIES = 10_000;
    static final int MAX_WRAPPED_KEY = 256;

    private ManifestCodec() {}

    static byte[] encode(Manifest m) {
        ASN1EncodableVector recipients = new ASN1EncodableVector();
        for (RecipientEntry r : m.recipients()) {
            recipients.add(seq(utf8(r.unitCode()), octets(r.certificateSm3()), octets(r.wrappedKey())));
        }
        ASN1EncodableVector entries = new ASN1EncodableVector();
        for (PayloadEntry e : m.entries()) {
            entries.add(seq(utf8(e.name()), utf8(e.mediaType()), new ASN1Integer(e.size()), octets(e.sm3())));
        }
        ASN1Sequence manifest = seq(
                new ASN1Integer(m.version()),
                utf8(m.documentId()),
                new DERGeneralizedTime(formatTime(m.createdAt())),
                seq(utf8(m.senderUnit()), octets(m.senderCertificateSm3())),
                new DERSequence(recipients),
                octets(m.metadataSm3()),
                seq(DIGEST, SIGNATURE, KEY_WRAP, CONTENT),
                seq(new ASN1Integer(m.chunkSize()), octets(m.noncePrefix()), new DERSequence(entries)));
        try {
            return manifest.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Manifest decode(byte[] der) throws EnvelopeException {
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
            if (!Arrays.equals(primitive.getEncoded(ASN1Encoding.DER), der)) {
                throw new EnvelopeException(MALFORMED, "manifest is not in DER");
            }
            ASN1Sequence s = sequence(primitive, 8, "manifest");
            int version = intValue(s.getObjectAt(0), 0, 255, "version");
            String documentId = string(s.getObjectAt(1), "document id");
            Instant createdAt = time(s.getObjectAt(2));
            ASN1Sequence sender = sequence(s.getObjectAt(3), 2, "sender");
            ASN1Sequence recipientList = ASN1Sequence.getInstance(s.getObjectAt(4));
            if (recipientList.size() < 1 || recipientList.size() > MAX_RECIPIENTS) {
                throw new EnvelopeException(MALFORMED, "recipient count out of range");
            }
            List<RecipientEntry> recipients = new ArrayList<>(recipientList.size());
            for (ASN1Encodable item : recipientList) {
                ASN1Sequence r = sequence(item, 3, "recipient");
                recipients.add(new RecipientEntry(
                        string(r.getObjectAt(0), "recipient unit"),
                        octets(r.getObjectAt(1), Sm3.DIGEST_SIZE, Sm3.DIGEST_SIZE, "recipient fingerprint"),
                        octets(r.getObjectAt(2), 1, MAX_WRAPPED_KEY, "wrapped key")));
            }
            byte[] metadataSm3 = octets(s.getObjectAt(5), Sm3.DIGEST_SIZE, Sm3.DIGEST_SIZE, "metadata digest");
            ASN1Sequence algorithms = sequence(s.getObjectAt(6), 4, "algorithms");
            if (!algorithms.equals(seq(DIGEST, SIGNATURE, KEY_WRAP, CONTENT))) {
                throw new EnvelopeException(MALFORMED, "unsupported algorithm suite");
            }
            ASN1Sequence content = sequence(s.getObjectAt(7), 3, "content");
            int chunkSize = intValue(
                    content.getObjectAt(0), ChunkedAead.MIN_CHUNK_SIZE, ChunkedAead.MAX_CHUNK_SIZE, "chunk size");
            if (chunkSize % 16 != 0) {
                throw new EnvelopeException(MALFORMED, "chunk size not a multiple of 16");
            }
            byte[] prefix = octets(
                    content.getObjectAt(1),
                    ChunkedAead.NONCE_PREFIX_SIZE,
                    ChunkedAead.NONCE_PREFIX_SIZE,
                    "nonce prefix");
            ASN1Sequence entryList = ASN1Sequence.getInstance(content.getObjectAt(2));
            if (entryList.size() < 1 || entryList.size() > MAX_ENTRIES) {
                throw new EnvelopeException(MALFORMED, "payload entry count out of range");
            }
            List<PayloadEntry> entries = new ArrayList<>(entryList.size());
            long total = 0;
            for (ASN1Encodable item : entryList) {
                ASN1Sequence e = sequence(item, 4, "payload entry");
                long size = longValue(e.getObjectAt(2), "payload size");
                total += size;
                if (total < 0 || ChunkedAead.chunkCount(total, chunkSize) > ChunkedAead.MAX_CHUNKS) {
                    throw new EnvelopeException(MALFORMED, "payload too large");
                }
                entries.add(new PayloadEntry(
                        string(e.getObjectAt(0), "entry name"),
                        string(e.getObjectAt(1), "media type"),
                        size,
                        octets(e.getObjectAt(3), Sm3.DIGEST_SIZE, Sm3.DIGEST_SIZE, "entry digest")));
            }
            return new Manifest(
                    version,
                    documentId,
                    createdAt,
                    string(sender.getObjectAt(0), "sender unit"),
                    octets(sender.getObjectAt(1), Sm3.DIGEST_SIZE, Sm3.DIGEST_SIZE, "sender fingerprint"),
                    recipients,
                    metadataSm3,
                    chunkSize,
                    prefix,
                    entries);
        } catch (IOException | RuntimeException e) {
            throw new EnvelopeException(MALFORMED, "manifest cannot be decoded", e);
        }
    }

    static String formatTime(Instant instant) {
        java.text.SimpleDateFormat format = new java.text.SimpleDateFormat("yyyyMMddHHmmss'Z'", Locale.ROOT);
        format.setTimeZone(new SimpleTimeZone(0, "Z"));
        return format.format(Date.from(instant.truncatedTo(ChronoUnit.SECONDS)));
    }

    private static Instant time(ASN1Encodable value) throws EnvelopeException {
        ASN1GeneralizedTime time = ASN1GeneralizedTime.getInstance(value);
        if (!time.getTimeString().matches("\\d{14}Z")) {
            throw new EnvelopeException(MALFORMED, "creation time must be YYYYMMDDHHMMSSZ");
        }
        try {
            return time.getDate().toInstant();
        } catch (ParseException e) {
            throw new EnvelopeException(MALFORMED, "bad creation time", e);
        }
    }

    private static ASN1Sequence sequence(ASN1Encodable value, int size, String what) throws EnvelopeException {
        ASN1Sequence s = ASN1Sequence.getInstance(value);
        if (s.size() != size) {
            throw new EnvelopeException(MALFORMED, what + " must have " + size + " fields");
        }
        return s;
    }

    private static String string(ASN1Encodable value, String what) throws EnvelopeException {
        String s = ASN1UTF8String.getInstance(value).getString();
        if (s.isEmpty() || s.length() > MAX_STRING) {
            throw new EnvelopeException(MALFORMED, what + " length out of range");
        }
        return s;
    }

    private static byte[] octets(ASN1Encodable value, int min, int max, String what) throws EnvelopeException {
        byte[] b = ASN1OctetString.getInstance(value).getOctets();
        if (b.length < min || b.length > max) {
            throw new EnvelopeException(MALFORMED, what + " length out of range");
        }
        return b;
    }

    private static int intValue(ASN1Encodable value, int min, int max, String what) throws EnvelopeException {
        BigInteger v = ASN1Integer.getInstance(value).getValue();
        if (v.bitLength() > 31 || v.intValue() < min || v.intValue() > max) {
            throw new EnvelopeException(MALFORMED, what + " out of range");
        }
        return v.intValue();
    }

    private static long longValue(ASN1Encodable value, String what) throws EnvelopeException {
        BigInteger v = ASN1Integer.getInstance(value).getValue();
        if (v.signum() < 0 || v.bitLength() > 62) {
            throw new EnvelopeException(MALFORMED, what + " out of range");
        }
        return v.longValue();
    }

    private static DERSequence seq(ASN1Encodable... items) {
        return new DERSequence(items);
    }

    private static DERUTF8String utf8(String s) {
        return new DERUTF8String(s);
    }

    private static DEROctetString octets(byte[] b) {
        return new DEROctetString(b);
    }
}
