package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY.md K03: no file the CLI writes (CA and unit PKCS#12 tokens, certificate and CRL PEM files)
 * names SHA-1 or a legacy PKCS#12 PBE, and every PKCS#12 file is HMAC-SHA256-MACed with PBES2
 * (PBKDF2-HMAC-SHA256, AES-256-CBC) key bags. Test code may use BouncyCastle to parse; the CLI does not.
 */
class NoSha1InCliOutputTest {

    /** sha1, hmacWithSHA1, ecdsa-with-SHA1, sha1WithRSA, dsa-with-sha1; PKCS#12 and PBES1 PBE schemes by prefix. */
    private static final Set<String> SHA1_OIDS = Set.of(
            "1.3.14.3.2.26", "1.2.840.113549.2.7", "1.2.840.10045.4.1", "1.2.840.113549.1.1.5", "1.2.840.10040.4.3");

    private static final List<String> LEGACY_PBE_PREFIXES = List.of("1.2.840.113549.1.12.1.", "1.2.840.113549.1.5.");

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    @TempDir
    Path dir;

    private String err;

    @Test
    void filesWrittenByCaInitKeygenAndCrlUseNoSha1() throws Exception {
        assertOk("ca", "init", "--name", "TEST-ONLY CLI CA", "--out", p("ca.p12"), "--pin", "ca-pin");
        assertOk(
                "keygen",
                "--unit",
                "B001",
                "--out",
                p("bank.p12"),
                "--ca",
                p("ca.p12"),
                "--ca-pin",
                "ca-pin",
                "--pin",
                "2222");
        assertOk("keygen", "--unit", "B999", "--out", p("self.p12"), "--pin", "3333");
        assertOk(
                "ca",
                "crl",
                "--ca",
                p("ca.p12"),
                "--ca-pin",
                "ca-pin",
                "--revoke",
                p("self.pem"),
                "--out",
                p("ca.crl.pem"));

        List<Path> written;
        try (Stream<Path> files = Files.list(dir)) {
            written = files.sorted().toList();
        }
        assertThat(written.stream().map(f -> f.getFileName().toString()))
                .contains("ca.p12", "ca.pem", "bank.p12", "bank.pem", "self.p12", "self.pem", "ca.crl.pem");
        for (Path file : written) {
            String name = file.getFileName().toString();
            byte[] bytes = Files.readAllBytes(file);
            if (name.endsWith(".p12")) {
                assertModernPkcs12(name, bytes);
                assertThat(sha1Oids(bytes)).as(name).isEmpty();
            } else {
                Matcher m = PEM.matcher(new String(bytes, StandardCharsets.US_ASCII));
                int blocks = 0;
                while (m.find()) {
                    blocks++;
                    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                    assertThat(sha1Oids(der)).as(name + " " + m.group(1)).isEmpty();
                }
                assertThat(blocks).as(name + " holds PEM").isPositive();
            }
        }
    }

    @Test
    void theOidScanFindsSha1() throws IOException {
        byte[] sha1Mac = new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                        org.bouncycastle.asn1.oiw.OIWObjectIdentifiers.idSHA1)
                .getEncoded();
        assertThat(sha1Oids(sha1Mac)).containsExactly("1.3.14.3.2.26");
        byte[] nested = new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.DEROctetString(
                        new org.bouncycastle.asn1.DERSequence(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)))
                .getEncoded();
        assertThat(sha1Oids(nested)).containsExactly("1.2.840.113549.1.12.1.3");
    }

    private static void assertModernPkcs12(String name, byte[] encoded) throws Exception {
        PKCS12PfxPdu pdu = new PKCS12PfxPdu(encoded);
        assertThat(pdu.hasMac()).as(name + " has a MAC").isTrue();
        assertThat(pdu.getMacAlgorithmID().getAlgorithm()).as(name + " MAC").isEqualTo(NISTObjectIdentifiers.id_sha256);
        int keys = 0;
        for (ContentInfo info : pdu.getContentInfos()) {
            for (PKCS12SafeBag bag : new PKCS12SafeBagFactory(info).getSafeBags()) {
                if (bag.getType().equals(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag)) {
                    keys++;
                    var algorithm = ((PKCS8EncryptedPrivateKeyInfo) bag.getBagValue())
                            .toASN1Structure()
                            .getEncryptionAlgorithm();
                    assertThat(algorithm.getAlgorithm())
                            .as(name + " key bag")
                            .isEqualTo(PKCSObjectIdentifiers.id_PBES2);
                    PBES2Parameters pbes2 = PBES2Parameters.getInstance(algorithm.getParameters());
                    // an absent PRF means hmacWithSHA1 (RFC 8018), so it must be present
                    PBKDF2Params kdf = PBKDF2Params.getInstance(
                            pbes2.getKeyDerivationFunc().getParameters());
                    assertThat(kdf.isDefaultPrf()).as(name + " PRF given").isFalse();
                    assertThat(kdf.getPrf().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_hmacWithSHA256);
                    assertThat(pbes2.getEncryptionScheme().getAlgorithm())
                            .isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
                }
            }
        }
        assertThat(keys).as(name + " key bags").isPositive();
    }

    /** Every SHA-1 or legacy-PBE OID in the DER, looking into OCTET STRINGs that hold DER (PKCS#12 contents). */
    static List<String> sha1Oids(byte[] der) throws IOException {
        List<String> found = new ArrayList<>();
        try (ASN1InputStream in = new ASN1InputStream(new ByteArrayInputStream(der))) {
            collect(in.readObject(), found);
        }
        return found;
    }

    private static void collect(ASN1Encodable value, List<String> found) {
        ASN1Primitive primitive = value.toASN1Primitive();
        if (primitive instanceof ASN1ObjectIdentifier oid) {
            String id = oid.getId();
            if (SHA1_OIDS.contains(id)
                    || LEGACY_PBE_PREFIXES.stream().anyMatch(id::startsWith)
                            && !id.equals(PKCSObjectIdentifiers.id_PBES2.getId())
                            && !id.equals(PKCSObjectIdentifiers.id_PBKDF2.getId())) {
                found.add(id);
            }
        } else if (primitive instanceof ASN1Sequence sequence) {
            sequence.forEach(e -> collect(e, found));
        } else if (primitive instanceof ASN1Set set) {
            set.forEach(e -> collect(e, found));
        } else if (primitive instanceof ASN1TaggedObject tagged) {
            try {
                collect(tagged.getBaseObject(), found);
            } catch (RuntimeException implicitPrimitive) {
                // an implicitly tagged primitive: nothing to look into
            }
        } else if (primitive instanceof ASN1OctetString octets) {
            byte[] inner = octets.getOctets();
            if (inner.length > 1 && (inner[0] == 0x30 || inner[0] == 0x31)) {
                try {
                    collect(ASN1Primitive.fromByteArray(inner), found);
                } catch (IOException | RuntimeException notDer) {
                    // plain bytes that happen to start like a SEQUENCE
                }
            }
        }
    }

    private void assertOk(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), args);
        err = e.toString();
        assertThat(code)
                .as("exit code of %s; stderr: %s", String.join(" ", args), err)
                .isZero();
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }
}
