package org.sealpost.core.token;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.sealpost.core.crypto.HmacSm3;
import org.sealpost.core.crypto.Providers;
import org.sealpost.core.crypto.Sm3;
import org.sealpost.core.crypto.Sm4GcmAead;
import org.sealpost.core.pki.Pem;

/**
 * Server-held tokens (DESIGN.md §4, token kind 1): a holder's private keys stored encrypted under
 * two independent keys, with a retry counter.
 *
 * <p>Construction of {@code sealedKeys}: {@code keys = DER SEQUENCE {OCTET STRING pkcs8(signing),
 * OCTET STRING pkcs8(encryption) or empty}}; {@code inner = SM4-GCM(pinKey, keys)} with {@code
 * pinKey = PBKDF2-HMAC-SM3(PIN as UTF-8, salt, iterations)[0..16)}; {@code sealedKeys =
 * SM4-GCM(masterKey', inner)} with {@code masterKey' = HMAC-SM3(master key, "sealpost stored
 * token v1")[0..16)}. Both layers take as associated data the token id and SM3 of both
 * certificates, so a row cannot be re-labelled or given other certificates. Without the master key
 * nothing in the row can be decrypted, and PINs cannot be guessed offline; without the PIN the
 * server alone cannot use the keys.
 *
 * <p>Retry counter: after {@value #MAX_ATTEMPTS} wrong PINs in a row the token locks until
 * {@link #resetAttempts}; a correct PIN resets the count. A row that fails the master-key layer is
 * {@code CORRUPT} and does not count as a PIN attempt.
 */
public final class StoredTokens {

    public static final int MAX_ATTEMPTS = 5;
    public static final int DEFAULT_ITERATIONS = 100_000;
    private static final byte[] MASTER_LABEL = "sealpost stored token v1".getBytes(StandardCharsets.US_ASCII);

    private final MasterKey masterKey;
    private final StoredTokenRepository repository;
    private final SecureRandom random;
    private final int iterations;

    public StoredTokens(MasterKey masterKey, StoredTokenRepository repository, SecureRandom random, int iterations) {
        if (iterations < 1_000) {
            throw new IllegalArgumentException("too few PBKDF2 iterations");
        }
        this.masterKey = masterKey;
        this.repository = repository;
        this.random = random;
        this.iterations = iterations;
    }

    /** Stores a new token for the keys, protected by the PIN (wiped). {@code encryption} may be null. */
    public StoredTokenRecord create(String tokenId, String label, KeyEntry signing, KeyEntry encryption, char[] pin) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] signingDer = der(signing.certificate());
        byte[] encryptionDer = encryption == null ? new byte[0] : der(encryption.certificate());
        byte[] aad = associatedData(tokenId, signingDer, encryptionDer);
        byte[] keys = encodeKeys(signing.key(), encryption == null ? null : encryption.key());
        byte[] pinKey = pinKey(pin, salt, iterations);
        byte[] outerKey = outerKey();
        try {
            byte[] inner = new Sm4GcmAead(pinKey, random).encrypt(keys, aad);
            byte[] sealed = new Sm4GcmAead(outerKey, random).encrypt(inner, aad);
            StoredTokenRecord record = new StoredTokenRecord(
                    tokenId, label, signingDer, encryptionDer, salt, iterations, sealed, 0, false);
            repository.save(record);
            return record;
        } finally {
            Arrays.fill(keys, (byte) 0);
            Arrays.fill(pinKey, (byte) 0);
            Arrays.fill(outerKey, (byte) 0);
        }
    }

    /**
     * Unlocks the token with the PIN (wiped), counting wrong PINs. The record is read once and the
     * PIN key derived without any lock; the count is then updated atomically ({@link
     * StoredTokenRepository#recordWrongPin}), so a caller need not (and should not) hold a
     * transaction across this call.
     */
    public Token unlock(String tokenId, char[] pin) throws TokenException {
        byte[] keys = null;
        try {
            StoredTokenRecord record = find(tokenId);
            keys = openKeys(record, pin);
            if (!repository.recordCorrectPin(tokenId)) {
                throw lockedNow(tokenId, null);
            }
            return token(record, keys);
        } finally {
            Arrays.fill(pin, '\0');
            wipe(keys);
        }
    }

    /**
     * Replaces the PIN (both wiped): the old PIN must open the token, and a wrong one counts
     * against the retry counter exactly as in {@link #unlock}. The keys get a fresh salt and the
     * current iteration count; the master-key layer is re-encrypted too.
     */
    public void changePin(String tokenId, char[] oldPin, char[] newPin) throws TokenException {
        byte[] outerKey = null;
        byte[] newKey = null;
        byte[] keys = null;
        try {
            StoredTokenRecord record = find(tokenId);
            keys = openKeys(record, oldPin);
            byte[] aad = associatedData(tokenId, record.signingCertificate(), record.encryptionCertificate());
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            newKey = pinKey(newPin, salt, iterations);
            outerKey = outerKey();
            byte[] newInner = new Sm4GcmAead(newKey, random).encrypt(keys, aad);
            byte[] sealed = new Sm4GcmAead(outerKey, random).encrypt(newInner, aad);
            repository.save(new StoredTokenRecord(
                    tokenId,
                    record.label(),
                    record.signingCertificate(),
                    record.encryptionCertificate(),
                    salt,
                    iterations,
                    sealed,
                    0,
                    false));
        } finally {
            Arrays.fill(oldPin, '\0');
            Arrays.fill(newPin, '\0');
            wipe(outerKey);
            wipe(newKey);
            wipe(keys);
        }
    }

    private StoredTokenRecord find(String tokenId) throws TokenException {
        return repository
                .find(tokenId)
                .orElseThrow(() -> new TokenException(TokenException.Reason.NOT_FOUND, "no stored token " + tokenId));
    }

    /**
     * Opens both layers and returns the encoded keys (the caller wipes them). A wrong PIN counts
     * against the retry counter and locks the token at {@value #MAX_ATTEMPTS}; the PIN is not wiped
     * here.
     */
    private byte[] openKeys(StoredTokenRecord record, char[] pin) throws TokenException {
        String tokenId = record.tokenId();
        if (record.locked()) {
            throw new TokenException(TokenException.Reason.LOCKED, "token " + tokenId + " is locked", 0, null);
        }
        byte[] aad = associatedData(tokenId, record.signingCertificate(), record.encryptionCertificate());
        byte[] outerKey = outerKey();
        byte[] pinKey = null;
        try {
            byte[] inner;
            try {
                inner = new Sm4GcmAead(outerKey, random).decrypt(record.sealedKeys(), aad);
            } catch (AEADBadTagException e) {
                throw new TokenException(
                        TokenException.Reason.CORRUPT, "token " + tokenId + " does not open with this master key", e);
            }
            pinKey = pinKey(pin, record.salt(), record.iterations());
            try {
                return new Sm4GcmAead(pinKey, random).decrypt(inner, aad);
            } catch (AEADBadTagException e) {
                int failed = repository.recordWrongPin(tokenId, MAX_ATTEMPTS);
                if (failed < 0 || failed >= MAX_ATTEMPTS) {
                    throw lockedNow(tokenId, e);
                }
                throw new TokenException(
                        TokenException.Reason.WRONG_PIN, "wrong PIN for token " + tokenId, MAX_ATTEMPTS - failed, e);
            }
        } finally {
            wipe(outerKey);
            wipe(pinKey);
        }
    }

    private static TokenException lockedNow(String tokenId, Exception cause) {
        return new TokenException(
                TokenException.Reason.LOCKED, "too many wrong PINs: token " + tokenId + " is locked", 0, cause);
    }

    private static void wipe(byte[] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Administrator action: unlocks a locked token and clears its wrong-PIN count. */
    public void resetAttempts(String tokenId) throws TokenException {
        repository.save(find(tokenId).withAttempts(0, false));
    }

    private Token token(StoredTokenRecord record, byte[] keys) throws TokenException {
        try {
            ASN1Sequence sequence = ASN1Sequence.getInstance(keys);
            PrivateKey signing = privateKey(
                    ASN1OctetString.getInstance(sequence.getObjectAt(0)).getOctets());
            byte[] encryptionPkcs8 =
                    ASN1OctetString.getInstance(sequence.getObjectAt(1)).getOctets();
            PrivateKey encryption = encryptionPkcs8.length == 0 ? null : privateKey(encryptionPkcs8);
            X509Certificate signingCertificate = Pem.certificate(record.signingCertificate());
            X509Certificate encryptionCertificate =
                    encryption == null ? null : Pem.certificate(record.encryptionCertificate());
            return new SoftwareToken(
                    record.label(), signing, signingCertificate, encryption, encryptionCertificate, random);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new TokenException(
                    TokenException.Reason.CORRUPT, "token " + record.tokenId() + " holds unreadable keys", e);
        }
    }

    private static PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("EC", Providers.bouncyCastle())
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static byte[] encodeKeys(PrivateKey signing, PrivateKey encryption) {
        try {
            return new DERSequence(new DEROctetString[] {
                        new DEROctetString(signing.getEncoded()),
                        new DEROctetString(encryption == null ? new byte[0] : encryption.getEncoded())
                    })
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] outerKey() {
        byte[] master = masterKey.bytes();
        try {
            return Arrays.copyOf(HmacSm3.mac(master, MASTER_LABEL), 16);
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    private static byte[] pinKey(char[] pin, byte[] salt, int rounds) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        try {
            PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SM3Digest());
            generator.init(bytes, salt, rounds);
            return ((KeyParameter) generator.generateDerivedParameters(128)).getKey();
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
        }
    }

    private static byte[] associatedData(String tokenId, byte[] signingDer, byte[] encryptionDer) {
        return Sm3.newHasher()
                .update(tokenId.getBytes(StandardCharsets.UTF_8))
                .update(new byte[] {0})
                .update(Sm3.digest(signingDer))
                .update(Sm3.digest(encryptionDer))
                .digest();
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public String toString() {
        return "StoredTokens[masterKey=REDACTED]";
    }
}
