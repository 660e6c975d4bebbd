package org.sealpost.core.seal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.jcajce.provider.digest.SM3;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.ofdrw.core.signatures.SigType;
import org.ofdrw.gm.ses.v1.SES_Header;
import org.ofdrw.gm.ses.v4.SES_Signature;
import org.ofdrw.gm.ses.v4.TBS_Sign;
import org.ofdrw.sign.ExtendSignatureContainer;
import org.ofdrw.sign.verify.SignedDataValidateContainer;
import org.ofdrw.sign.verify.exceptions.InvalidSignedValueException;

/**
 * The GB/T 38540 v4 electronic stamp ({@code SES_Signature}) for ofdrw's signer and validator:
 * {@link Signing} builds it through a {@link SealKey}; {@link Checking} checks it with plain
 * BouncyCastle and keeps what it saw for the seal-record and certificate checks that follow. These
 * replace ofdrw's {@code SESV4Container}/{@code SESV4ValidateContainer}, which take a raw private key
 * and cannot parse with BouncyCastle 1.83 (see {@link SesV4}).
 */
final class SesV4Stamping {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private SesV4Stamping() {}

    /** Signs the OFD's {@code Signature.xml} as a GB/T 38540 v4 electronic stamp. */
    static final class Signing implements ExtendSignatureContainer {
        private final SealRecord record;
        private final SealKey key;
        private final Instant time;

        Signing(SealRecord record, SealKey key, Instant time) {
            this.record = record;
            this.key = key;
            this.time = time;
        }

        @Override
        public MessageDigest getDigestFnc() {
            return new SM3.Digest();
        }

        @Override
        public ASN1ObjectIdentifier getSignAlgOID() {
            return GMObjectIdentifiers.sm2sign_with_sm3;
        }

        @Override
        public byte[] sign(InputStream signatureXml, String propertyInfo) throws IOException, GeneralSecurityException {
            byte[] dataHash = new SM3.Digest().digest(signatureXml.readAllBytes());
            TBS_Sign toSign = new TBS_Sign()
                    .setVersion(SES_Header.V4)
                    .setEseal(record.toSeSeal())
                    .setTimeInfo(new ASN1GeneralizedTime(Date.from(time), Locale.ROOT))
                    .setDataHash(dataHash)
                    .setPropertyInfo(propertyInfo);
            byte[] signature = key.sign(toSign.getEncoded(ASN1Encoding.DER));
            return new SES_Signature()
                    .setToSign(toSign)
                    .setCert(key.certificate())
                    .setSignatureAlgID(GMObjectIdentifiers.sm2sign_with_sm3)
                    .setSignature(signature)
                    .getEncoded(ASN1Encoding.DER);
        }

        /** No separate Seal.esl: the seal travels inside the stamp, so there is one copy to trust. */
        @Override
        public byte[] getSeal() {
            return null;
        }

        @Override
        public SigType getSignType() {
            return SigType.Seal;
        }
    }

    /** A stamp whose cryptography checked out, waiting for the trust checks. */
    record Checked(SesV4.Signature stamp, X509Certificate signer) {}

    /** Checks each stamp's hash of {@code Signature.xml} and its SM3withSM2 signature. */
    static final class Checking implements SignedDataValidateContainer {
        private final List<Checked> checked = new ArrayList<>();

        List<Checked> checked() {
            return checked;
        }

        @Override
        public void validate(SigType type, String algorithm, byte[] signatureXml, byte[] signedValue)
                throws InvalidSignedValueException, GeneralSecurityException {
            if (type != SigType.Seal) {
                throw new InvalidSignedValueException("not an electronic stamp (type " + type + ")");
            }
            SesV4.Signature stamp;
            try {
                stamp = SesV4.signature(signedValue);
            } catch (SealException e) {
                throw new InvalidSignedValueException(e.getMessage());
            }
            if (!Arrays.equals(new SM3.Digest().digest(signatureXml), stamp.dataHash())) {
                throw new InvalidSignedValueException("Signature.xml was changed after stamping");
            }
            if (!GMObjectIdentifiers.sm2sign_with_sm3.equals(stamp.signatureAlg())) {
                throw new InvalidSignedValueException("the stamp is not signed with SM3withSM2");
            }
            X509Certificate signer = (X509Certificate) CertificateFactory.getInstance("X.509", BC)
                    .generateCertificate(new ByteArrayInputStream(stamp.signerCert()));
            Signature verifier = Signature.getInstance("SM3withSM2", BC);
            verifier.initVerify(signer.getPublicKey());
            verifier.update(stamp.toSignDer());
            if (!verifier.verify(stamp.signature())) {
                throw new InvalidSignedValueException("the stamp's signature does not verify");
            }
            checked.add(new Checked(stamp, signer));
        }
    }
}
