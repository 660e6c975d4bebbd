package org.sealpost.core.token;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.sealpost.core.crypto.Providers;

/**
 * A token in a PKCS#12 file on the operator's machine (DESIGN.md §4, token kind 2).
 *
 * <p>Layout: one file holds up to two key entries under fixed aliases, {@value #SIGNING_ALIAS}
 * (the unit's SM2 signing key and its certificate chain) and {@value #ENCRYPTION_ALIAS} (the
 * separate SM2 encryption key and chain); a CA file holds only the signing entry. Both entries
 * are protected by the same PIN. Files are written by {@link Pkcs12Writer}: PBES2 (PBKDF2-HMAC-SHA256,
 * AES-256-CBC) key bags and an HMAC-SHA256 integrity MAC, no SHA-1 anywhere; files written by earlier
 * versions (BouncyCastle's {@code PKCS12-AES256-AES128} store type, HMAC-SHA1 MAC) still open. A file has no retry counter: its
 * protection against guessing is the PIN's strength and the PBKDF work factor.
 */
public final class Pkcs12Token {

    public static final String SIGNING_ALIAS = "signing";
    public static final String ENCRYPTION_ALIAS = "encryption";

    private Pkcs12Token() {}

    /** Opens the file with the PIN and wipes the PIN array. */
    public static Token open(Path file, char[] pin, SecureRandom random) throws TokenException, IOException {
        if (!Files.isRegularFile(file)) {
            Arrays.fill(pin, '\0');
            throw new TokenException(TokenException.Reason.NOT_FOUND, "no token file " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return open(in, pin, file.getFileName().toString(), random);
        }
    }

    public static Token open(InputStream in, char[] pin, String label, SecureRandom random) throws TokenException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12", Providers.bouncyCastle());
            try {
                store.load(in, pin);
            } catch (IOException e) {
                if (e.getCause() instanceof UnrecoverableKeyException
                        || String.valueOf(e.getMessage()).contains("wrong password")) {
                    throw new TokenException(TokenException.Reason.WRONG_PIN, "wrong PIN for token " + label, e);
                }
                throw new TokenException(TokenException.Reason.CORRUPT, "token " + label + " is not a PKCS#12 file", e);
            }
            PrivateKey signingKey = privateKey(store, SIGNING_ALIAS, pin, label);
            if (signingKey == null) {
                throw new TokenException(TokenException.Reason.NO_SUCH_KEY, "token " + label + " has no signing key");
            }
            PrivateKey encryptionKey = privateKey(store, ENCRYPTION_ALIAS, pin, label);
            return new SoftwareToken(
                    label,
                    signingKey,
                    endEntity(store, SIGNING_ALIAS, signingKey),
                    encryptionKey,
                    encryptionKey == null ? null : endEntity(store, ENCRYPTION_ALIAS, encryptionKey),
                    random);
        } catch (GeneralSecurityException e) {
            if (e instanceof TokenException te) {
                throw te;
            }
            throw new TokenException(TokenException.Reason.CORRUPT, "token " + label + " cannot be read", e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /**
     * Writes a new PKCS#12 file; {@code encryption} may be null (CA tokens). Wipes the PIN. Only
     * each entry's own certificate is stored: the CA certificate travels as PEM.
     */
    public static void write(Path file, char[] pin, KeyEntry signing, KeyEntry encryption) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, pin, signing, encryption);
        }
    }

    public static void write(OutputStream out, char[] pin, KeyEntry signing, KeyEntry encryption) throws IOException {
        write(out, pin, signing, encryption, new SecureRandom());
    }

    /** As {@link #write(OutputStream, char[], KeyEntry, KeyEntry)}, with the randomness for salts and IVs. */
    public static void write(OutputStream out, char[] pin, KeyEntry signing, KeyEntry encryption, SecureRandom random)
            throws IOException {
        try {
            Pkcs12Writer writer = new Pkcs12Writer(pin, random).addKey(SIGNING_ALIAS, signing);
            if (encryption != null) {
                writer.addKey(ENCRYPTION_ALIAS, encryption);
            }
            out.write(writer.encode());
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /**
     * The certificate of the entry's own key. Looked up by public key rather than trusting the
     * store's chain order, which BouncyCastle may rebuild differently when two entries share a CA.
     */
    private static X509Certificate endEntity(KeyStore store, String alias, PrivateKey key)
            throws GeneralSecurityException {
        Certificate[] chain = store.getCertificateChain(alias);
        if (chain != null) {
            for (Certificate certificate : chain) {
                X509Certificate x509 = (X509Certificate) certificate;
                if (matches(x509, key)) {
                    return plain(x509);
                }
            }
        }
        throw new TokenException(TokenException.Reason.CORRUPT, "no certificate for the " + alias + " key");
    }

    /**
     * A fresh copy of the certificate. Certificates loaded from a PKCS#12 store carry its bag
     * attributes (friendly name, local key id); stored into another file they make BouncyCastle
     * attach the wrong certificate to a key.
     */
    private static X509Certificate plain(X509Certificate certificate) throws GeneralSecurityException {
        try {
            return org.sealpost.core.pki.Pem.certificate(certificate.getEncoded());
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static boolean matches(X509Certificate certificate, PrivateKey key) {
        if (!(certificate.getPublicKey() instanceof java.security.interfaces.ECPublicKey pub)
                || !(key instanceof java.security.interfaces.ECPrivateKey priv)) {
            return false;
        }
        org.bouncycastle.jce.spec.ECParameterSpec spec =
                org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util.convertSpec(priv.getParams());
        org.bouncycastle.math.ec.ECPoint expected =
                spec.getG().multiply(priv.getS()).normalize();
        return expected.getAffineXCoord().toBigInteger().equals(pub.getW().getAffineX())
                && expected.getAffineYCoord().toBigInteger().equals(pub.getW().getAffineY());
    }

    private static PrivateKey privateKey(KeyStore store, String alias, char[] pin, String label)
            throws GeneralSecurityException {
        if (!store.isKeyEntry(alias)) {
            return null;
        }
        try {
            Key key = store.getKey(alias, pin);
            return (PrivateKey) key;
        } catch (UnrecoverableKeyException e) {
            throw new TokenException(TokenException.Reason.WRONG_PIN, "wrong PIN for token " + label, e);
        }
    }
}
