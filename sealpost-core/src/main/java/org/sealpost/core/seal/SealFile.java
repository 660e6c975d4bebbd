package org.sealpost.core.seal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.SafeBag;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.bc.BcDefaultDigestProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.sealpost.core.crypto.Providers;
import org.sealpost.core.pki.Pem;
import org.sealpost.core.token.KeyEntry;
import org.sealpost.core.token.Pkcs12Writer;
import org.sealpost.core.token.SoftwareToken;
import org.sealpost.core.token.Token;
import org.sealpost.core.token.TokenException;

/**
 * A unit-held seal (USB-key mode): one PKCS#12 file (RFC 7292), protected by the seal PIN, holding
 * the seal's SM2 signing key, its certificate chain and the seal record.
 *
 * <p>Layout, all in unencrypted {@code data} safe contents under one integrity MAC:
 *
 * <ul>
 *   <li>a {@code pkcs8ShroudedKeyBag}: the signing key, PBES2 (PBKDF2-HMAC-SHA256, {@value
 *       Pkcs12Writer#ITERATIONS} iterations, AES-256-CBC) under the PIN; friendly name {@value #ALIAS};
 *   <li>one {@code certBag} per certificate, the signing certificate first (same friendly name and
 *       local key ID as the key);
 *   <li>one {@code secretBag} (RFC 7292 §4.2.5) whose {@code secretTypeId} is {@link #SEAL_RECORD_OID}
 *       and whose value is an OCTET STRING holding the DER {@code SESeal} ({@link SealRecord#encoded()});
 *   <li>MAC: PKCS#12 HMAC-SHA256 keyed from the PIN, {@value Pkcs12Writer#ITERATIONS} iterations.
 * </ul>
 *
 * <p>{@link Pkcs12Writer} writes the key, certificate and MAC parts, as for every PKCS#12 file of ours.
 *
 * <p>A wrong PIN fails with {@link TokenException.Reason#WRONG_PIN}; a file whose MAC fails although
 * the PIN opens the key (an edited file) with {@code CORRUPT}. There is no retry counter in a file:
 * its protection against guessing is the PIN and the iteration counts. The PIN array is wiped.
 */
public final class SealFile implements AutoCloseable {

    /**
     * {@code secretTypeId} of the seal-record secret bag: a UUID OID (ITU-T X.667, arc 2.25) minted
     * for SealPost, so that no registration is needed and no other bag type can collide with it.
     */
    public static final ASN1ObjectIdentifier SEAL_RECORD_OID =
            new ASN1ObjectIdentifier("2.25.205252188600044404300175021262991771844");

    /** Friendly name of the key and its certificate, as in {@code Pkcs12Token}. */
    public static final String ALIAS = "signing";

    private static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

    private final Token token;
    private final List<X509Certificate> chain;
    private final SealRecord record;

    private SealFile(Token token, List<X509Certificate> chain, SealRecord record) {
        this.token = token;
        this.chain = List.copyOf(chain);
        this.record = record;
    }

    /** Writes a new seal file at {@code file}, replacing any file there. Wipes the PIN. */
    public static void write(Path file, char[] pin, KeyEntry signing, SealRecord record, SecureRandom random)
            throws IOException {
        byte[] encoded = encode(pin, signing, record, random);
        Files.write(file, encoded);
    }

    public static void write(OutputStream out, char[] pin, KeyEntry signing, SealRecord record, SecureRandom random)
            throws IOException {
        out.write(encode(pin, signing, record, random));
    }

    /**
     * The seal file's bytes. Wipes the PIN.
     *
     * @throws SealException SIGNER_NOT_BOUND_TO_SEAL when the record does not bind the key's certificate
     */
    public static byte[] encode(char[] pin, KeyEntry signing, SealRecord record, SecureRandom random)
            throws IOException {
        Objects.requireNonNull(signing);
        Objects.requireNonNull(record);
        try {
            record.checkBound(signing.certificate());
            if (pin.length == 0) {
                throw new IllegalArgumentException("a seal file needs a PIN");
            }
            return new Pkcs12Writer(pin, random)
                    .addKey(ALIAS, signing)
                    .addBag(recordBag(record))
                    .encode();
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /** Opens a seal file with a fresh {@link SecureRandom} for signing. Wipes the PIN. */
    public static SealFile open(Path file, char[] pin) throws TokenException, IOException {
        return open(file, pin, new SecureRandom());
    }

    /**
     * Opens a seal file. Wipes the PIN.
     *
     * @throws TokenException NOT_FOUND (no such file), WRONG_PIN, CORRUPT (not a seal file, or edited),
     *     NO_SUCH_KEY
     * @throws SealException RECORD_MALFORMED, or SIGNER_NOT_BOUND_TO_SEAL when the record does not bind
     *     the file's key
     */
    public static SealFile open(Path file, char[] pin, SecureRandom random) throws TokenException, IOException {
        String label = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            Arrays.fill(pin, '\0');
            throw new TokenException(TokenException.Reason.NOT_FOUND, "no seal file " + file);
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            Arrays.fill(pin, '\0');
            throw new TokenException(TokenException.Reason.CORRUPT, "seal file " + label + " is too large");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return open(in.readNBytes(MAX_FILE_BYTES), pin, label, random);
        }
    }

    /** Opens a seal file's bytes. Wipes the PIN. */
    public static SealFile open(byte[] encoded, char[] pin, String label, SecureRandom random) throws TokenException {
        try {
            return read(encoded, pin, label, random);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private static SealFile read(byte[] encoded, char[] pin, String label, SecureRandom random) throws TokenException {
        PKCS12PfxPdu pdu;
        try {
            pdu = new PKCS12PfxPdu(encoded);
        } catch (IOException | RuntimeException e) {
            throw new TokenException(TokenException.Reason.CORRUPT, "seal file " + label + " is not a PKCS#12 file", e);
        }
        if (!pdu.hasMac()) {
            throw new TokenException(TokenException.Reason.CORRUPT, "seal file " + label + " has no integrity MAC");
        }
        boolean macValid;
        try {
            macValid = pdu.isMacValid(new BcPKCS12MacCalculatorBuilderProvider(BcDefaultDigestProvider.INSTANCE), pin);
        } catch (org.bouncycastle.pkcs.PKCSException | RuntimeException e) {
            throw new TokenException(
                    TokenException.Reason.CORRUPT, "seal file " + label + " has an unusable integrity MAC", e);
        }
        InputDecryptorProvider decryptor = new JcePKCSPBEInputDecryptorProviderBuilder()
                .setProvider(Providers.bouncyCastle())
                .build(pin);
        List<PKCS8EncryptedPrivateKeyInfo> keys = new ArrayList<>();
        List<X509Certificate> certificates = new ArrayList<>();
        List<byte[]> records = new ArrayList<>();
        try {
            for (ContentInfo info : pdu.getContentInfos()) {
                if (!info.getContentType().equals(PKCSObjectIdentifiers.data)) {
                    throw new TokenException(
                            TokenException.Reason.CORRUPT,
                            "seal file " + label + " has unexpected content " + info.getContentType());
                }
                for (PKCS12SafeBag bag : new PKCS12SafeBagFactory(info).getSafeBags()) {
                    ASN1ObjectIdentifier type = bag.getType();
                    if (type.equals(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag)) {
                        keys.add((PKCS8EncryptedPrivateKeyInfo) bag.getBagValue());
                    } else if (type.equals(PKCSObjectIdentifiers.certBag)) {
                        certificates.add(Pem.certificate(((X509CertificateHolder) bag.getBagValue()).getEncoded()));
                    } else if (type.equals(PKCSObjectIdentifiers.secretBag)) {
                        byte[] record = recordIn(bag.toASN1Structure());
                        if (record != null) {
                            records.add(record);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new TokenException(TokenException.Reason.CORRUPT, "seal file " + label + " cannot be read", e);
        }
        if (keys.size() > 1) {
            throw new TokenException(TokenException.Reason.CORRUPT, "seal file " + label + " holds more than one key");
        }
        PrivateKey key = keys.isEmpty() ? null : decrypt(keys.get(0), decryptor);
        if (!macValid) {
            if (key != null) {
                throw new TokenException(
                        TokenException.Reason.CORRUPT,
                        "seal file " + label + " was modified: its integrity check fails");
            }
            throw new TokenException(TokenException.Reason.WRONG_PIN, "wrong PIN for seal file " + label);
        }
        if (keys.isEmpty()) {
            throw new TokenException(TokenException.Reason.NO_SUCH_KEY, "seal file " + label + " has no signing key");
        }
        if (key == null) {
            throw new TokenException(
                    TokenException.Reason.CORRUPT, "the key in seal file " + label + " cannot be read");
        }
        if (records.size() != 1) {
            throw new TokenException(
                    TokenException.Reason.CORRUPT, "seal file " + label + " must hold exactly one seal record");
        }
        X509Certificate signer = certificates.stream()
                .filter(c -> matches(c, key))
                .findFirst()
                .orElseThrow(() -> new TokenException(
                        TokenException.Reason.CORRUPT, "seal file " + label + " has no certificate for its key"));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(signer);
        certificates.stream().filter(c -> !c.equals(signer)).forEach(chain::add);
        SealRecord record = SealRecord.parse(records.get(0));
        record.checkBound(signer);
        Token token = SoftwareToken.of(label, new KeyEntry(key, chain), null, random);
        return new SealFile(token, chain, record);
    }

    /** The seal record. Trust it only after {@link SealRecord#verify}; stamping does the checks it needs. */
    public SealRecord record() {
        return record;
    }

    /** The unlocked token (signing key only); closed with this file. */
    public Token token() {
        return token;
    }

    /** The signing key as a {@link SealKey} for {@link PdfStamper} and {@link OfdStamper}. */
    public SealKey sealKey() {
        return new TokenSealKey(token);
    }

    /** The signing certificate first, then the rest of the stored chain. */
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    /** Drops the key. */
    @Override
    public void close() {
        token.close();
    }

    @Override
    public String toString() {
        return "SealFile[" + token.label() + ", " + record.sealId() + ", key=REDACTED]";
    }

    private static PKCS12SafeBag recordBag(SealRecord record) {
        // SecretBag ::= SEQUENCE { secretTypeId OID, secretValue [0] EXPLICIT ANY }
        ASN1EncodableVector secret = new ASN1EncodableVector();
        secret.add(SEAL_RECORD_OID);
        secret.add(new DERTaggedObject(true, 0, new DEROctetString(record.encoded())));
        Attribute name = new Attribute(
                PKCSObjectIdentifiers.pkcs_9_at_friendlyName,
                new DERSet(new DERBMPString("seal record " + record.sealId())));
        return new PKCS12SafeBag(
                new SafeBag(PKCSObjectIdentifiers.secretBag, new DERSequence(secret), new DERSet(name)));
    }

    /** The record bytes of a seal-record secret bag, or null for another kind of secret. */
    private static byte[] recordIn(SafeBag bag) {
        ASN1Sequence secret = ASN1Sequence.getInstance(bag.getBagValue());
        if (secret.size() != 2 || !SEAL_RECORD_OID.equals(secret.getObjectAt(0))) {
            return null;
        }
        ASN1TaggedObject value = ASN1TaggedObject.getInstance(secret.getObjectAt(1));
        if (value.getTagNo() != 0) {
            throw new IllegalArgumentException("secret bag value is not [0]");
        }
        return ASN1OctetString.getInstance(value.getExplicitBaseObject()).getOctets();
    }

    /** The key, or null when the PIN does not decrypt it. */
    private static PrivateKey decrypt(PKCS8EncryptedPrivateKeyInfo encrypted, InputDecryptorProvider decryptor) {
        try {
            PrivateKeyInfo info = encrypted.decryptPrivateKeyInfo(decryptor);
            return KeyFactory.getInstance("EC", Providers.bouncyCastle())
                    .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (Exception wrongPinOrDamaged) {
            return null;
        }
    }

    /** Whether {@code certificate} holds the public half of {@code key}: a test signature verifies. */
    private static boolean matches(X509Certificate certificate, PrivateKey key) {
        try {
            byte[] probe = "SealPost seal file key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SM3withSM2", Providers.bouncyCastle());
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SM3withSM2", Providers.bouncyCastle());
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
