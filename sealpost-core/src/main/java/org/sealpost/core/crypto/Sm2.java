package org.sealpost.core.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.math.ec.ECPoint;

/**
 * SM2 (GB/T 32918) on the recommended curve {@code sm2p256v1}: SM3withSM2 signatures with the
 * default user ID {@code 1234567812345678} (GM/T 0009) in DER {@code SEQUENCE {r, s}} form, and
 * public-key encryption with ciphertext layout C1‖C3‖C2 (C1 an uncompressed point), used to wrap
 * 16-byte content keys.
 *
 * <p>Keys of any other curve are refused: a P-256 key passed by mistake must not silently produce
 * a non-SM2 signature.
 */
public final class Sm2 {

    public static final String CURVE = "sm2p256v1";
    /** GM/T 0009 default signer ID, ASCII. */
    public static final byte[] DEFAULT_ID = "1234567812345678".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Bytes that SM2 encryption adds to the plaintext: C1 (65) + C3 (32). */
    public static final int CIPHERTEXT_OVERHEAD = 65 + 32;

    private static final X9ECParameters SM2_CURVE = GMNamedCurves.getByName(CURVE);
    /**
     * The same curve with BouncyCastle's optimised sm2p256v1 field arithmetic (as its JCA provider
     * uses), about 3 times faster than the generic curve. One shared instance, so the base point's
     * fixed-point precomputation is made once per JVM and reused by every encryption.
     */
    private static final ECDomainParameters FAST_DOMAIN;

    static {
        X9ECParameters fast = CustomNamedCurves.getByName(CURVE);
        FAST_DOMAIN = new ECDomainParameters(fast.getCurve(), fast.getG(), fast.getN(), fast.getH());
    }

    private Sm2() {}

    public static KeyPair generateKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Providers.bouncyCastle());
            generator.initialize(new ECGenParameterSpec(CURVE), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SM2 key generation unavailable", e);
        }
    }

    public static byte[] sign(PrivateKey key, byte[] message, SecureRandom random) throws InvalidKeyException {
        return sign(privateParameters(key), DEFAULT_ID, message, random);
    }

    /** True only when {@code signature} is a valid DER SM3withSM2 signature of the message. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) throws InvalidKeyException {
        return verify(publicParameters(key), DEFAULT_ID, message, signature);
    }

    /** Encrypts with a key prepared for this one call; see {@link #encryptionKey} to encrypt several times. */
    public static byte[] encrypt(PublicKey key, byte[] plaintext, SecureRandom random) throws InvalidKeyException {
        return encryptionKey(key).encrypt(plaintext, random);
    }

    /**
     * Checks {@code key} once (an sm2p256v1 point, on the curve) and prepares it for encryption.
     *
     * @throws InvalidKeyException when it is not an SM2 public key
     */
    public static EncryptionKey encryptionKey(PublicKey key) throws InvalidKeyException {
        ECPoint q = publicParameters(key).getQ().normalize();
        try {
            ECPoint fast = FAST_DOMAIN
                    .getCurve()
                    .validatePoint(
                            q.getAffineXCoord().toBigInteger(),
                            q.getAffineYCoord().toBigInteger());
            return new EncryptionKey(new ECPublicKeyParameters(fast, FAST_DOMAIN));
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("not a valid SM2 public key", e);
        }
    }

    /**
     * A recipient's SM2 public key, checked and held on the optimised curve, ready to encrypt
     * (wrap content keys) any number of times. Immutable and safe to share between threads; the
     * point's multiplication tables are computed on first use and kept with it.
     */
    public static final class EncryptionKey {

        private final ECPublicKeyParameters key;

        private EncryptionKey(ECPublicKeyParameters key) {
            this.key = key;
        }

        /** C1‖C3‖C2 ciphertext of {@code plaintext}, with a fresh ephemeral key from {@code random}. */
        public byte[] encrypt(byte[] plaintext, SecureRandom random) {
            return Sm2.encrypt(key, plaintext, random);
        }

        @Override
        public String toString() {
            return "Sm2.EncryptionKey[" + key.getQ().getAffineXCoord() + "]";
        }
    }

    /**
     * Decrypts a C1‖C3‖C2 ciphertext.
     *
     * @throws GeneralSecurityException when the ciphertext is malformed or was not made for this
     *     key (the C3 check fails)
     */
    public static byte[] decrypt(PrivateKey key, byte[] ciphertext) throws GeneralSecurityException {
        return decrypt(privateParameters(key), ciphertext);
    }

    static byte[] sign(ECPrivateKeyParameters key, byte[] id, byte[] message, SecureRandom random) {
        SM2Signer signer = new SM2Signer();
        signer.init(true, new ParametersWithID(new ParametersWithRandom(key, random), id));
        signer.update(message, 0, message.length);
        try {
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("SM2 signing failed", e);
        }
    }

    static boolean verify(ECPublicKeyParameters key, byte[] id, byte[] message, byte[] signature) {
        SM2Signer signer = new SM2Signer();
        signer.init(false, new ParametersWithID(key, id));
        signer.update(message, 0, message.length);
        try {
            return signer.verifySignature(signature);
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    static byte[] encrypt(ECPublicKeyParameters key, byte[] plaintext, SecureRandom random) {
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(true, new ParametersWithRandom(key, random));
        try {
            return engine.processBlock(plaintext, 0, plaintext.length);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("SM2 encryption failed", e);
        }
    }

    static byte[] decrypt(ECPrivateKeyParameters key, byte[] ciphertext) throws GeneralSecurityException {
        if (ciphertext.length <= CIPHERTEXT_OVERHEAD || ciphertext[0] != 0x04) {
            throw new GeneralSecurityException("malformed SM2 ciphertext");
        }
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(false, key);
        try {
            return engine.processBlock(ciphertext, 0, ciphertext.length);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new GeneralSecurityException("SM2 decryption failed", e);
        }
    }

    static ECPrivateKeyParameters privateParameters(PrivateKey key) throws InvalidKeyException {
        return requireSm2((ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(key));
    }

    static ECPublicKeyParameters publicParameters(PublicKey key) throws InvalidKeyException {
        AsymmetricKeyParameter params = ECUtil.generatePublicKeyParameter(key);
        return requireSm2((ECPublicKeyParameters) params);
    }

    private static <K extends ECKeyParameters> K requireSm2(K key) throws InvalidKeyException {
        if (!key.getParameters().getCurve().equals(SM2_CURVE.getCurve())
                || !key.getParameters().getG().equals(SM2_CURVE.getG())) {
            throw new InvalidKeyException("not an SM2 (sm2p256v1) key");
        }
        return key;
    }
}
