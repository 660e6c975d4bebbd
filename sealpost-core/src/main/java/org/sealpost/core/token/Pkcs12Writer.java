package org.sealpost.core.token;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.sealpost.core.crypto.Providers;

/**
 * Writes a PKCS#12 file (RFC 7292) the one way SealPost protects them; {@link Pkcs12Token} and the
 * seal file both write through it, so no file of ours carries a SHA-1 MAC or a legacy PBE.
 *
 * <p>Layout, all in unencrypted {@code data} safe contents under one integrity MAC:
 *
 * <ul>
 *   <li>per key, a {@code pkcs8ShroudedKeyBag}: PBES2 (PBKDF2-HMAC-SHA256, {@value #ITERATIONS}
 *       iterations, AES-256-CBC) under the PIN, with its own salt and IV; friendly name = the alias,
 *       local key ID = the first 20 bytes of SM3 over the certificate's public key;
 *   <li>one {@code certBag} per certificate of the key's chain, the key's own certificate first with
 *       the same friendly name and local key ID;
 *   <li>any further bags the caller adds (the seal record);
 *   <li>MAC: PKCS#12 HMAC-SHA256 keyed from the PIN, {@value #ITERATIONS} iterations.
 * </ul>
 *
 * <p>The writer uses the caller's PIN array and does not wipe it: the caller wipes it after
 * {@link #encode()}.
 */
public final class Pkcs12Writer {

    public static final int ITERATIONS = 100_000;

    private final PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
    private final char[] pin;
    private final SecureRandom random;

    public Pkcs12Writer(char[] pin, SecureRandom random) {
        this.pin = Objects.requireNonNull(pin);
        this.random = Objects.requireNonNull(random);
    }

    /** Adds a key bag under {@code alias} and the certificate bags of its chain. */
    public Pkcs12Writer addKey(String alias, KeyEntry entry) throws IOException {
        try {
            DERBMPString name = new DERBMPString(alias);
            DEROctetString keyId = new DEROctetString(localKeyId(entry.certificate()));
            // a fresh encryptor per key: each key bag gets its own salt and IV
            OutputEncryptor encryptor = new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
                    .setProvider(Providers.bouncyCastle())
                    .setPRF(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))
                    .setIterationCount(ITERATIONS)
                    .setRandom(random)
                    .build(pin);
            pfx.addData(new PKCS12SafeBagBuilder(
                            PrivateKeyInfo.getInstance(entry.key().getEncoded()), encryptor)
                    .addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, name)
                    .addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, keyId)
                    .build());
            for (int i = 0; i < entry.chain().size(); i++) {
                PKCS12SafeBagBuilder cert = new PKCS12SafeBagBuilder(
                        new X509CertificateHolder(entry.chain().get(i).getEncoded()));
                if (i == 0) {
                    cert.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, name)
                            .addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, keyId);
                }
                pfx.addData(cert.build());
            }
            return this;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot write PKCS#12 key " + alias, e);
        }
    }

    /** Adds a bag as it is (in the MAC-protected, unencrypted contents). */
    public Pkcs12Writer addBag(PKCS12SafeBag bag) throws IOException {
        pfx.addData(bag);
        return this;
    }

    /** The DER file, with the HMAC-SHA256 integrity MAC. */
    public byte[] encode() throws IOException {
        BcPKCS12MacCalculatorBuilder mac = new BcPKCS12MacCalculatorBuilder(
                        new SHA256Digest(), new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE))
                .setIterationCount(ITERATIONS);
        try {
            return pfx.build(mac, pin).getEncoded("DER");
        } catch (PKCSException e) {
            throw new IOException("cannot write PKCS#12 file", e);
        }
    }

    private static byte[] localKeyId(X509Certificate certificate) {
        SM3Digest sm3 = new SM3Digest();
        byte[] encoded = certificate.getPublicKey().getEncoded();
        sm3.update(encoded, 0, encoded.length);
        byte[] out = new byte[sm3.getDigestSize()];
        sm3.doFinal(out, 0);
        return Arrays.copyOf(out, 20);
    }
}
