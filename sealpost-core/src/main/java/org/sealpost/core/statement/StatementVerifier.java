package org.sealpost.core.statement;

import static org.sealpost.core.statement.StatementException.Reason.BAD_SIGNATURE;
import static org.sealpost.core.statement.StatementException.Reason.CONTENT_MISMATCH;
import static org.sealpost.core.statement.StatementException.Reason.MALFORMED;
import static org.sealpost.core.statement.StatementException.Reason.UNIT_MISMATCH;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Collection;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.sealpost.core.crypto.Providers;
import org.sealpost.core.pki.CertificateAuthority;
import org.sealpost.core.pki.CertificateRejectedException;
import org.sealpost.core.pki.CertificateVerifier;
import org.sealpost.core.pki.KeyPurpose;

/**
 * Verifies signed statements: exactly one SM3withSM2 signer whose certificate is enclosed, a valid
 * signature over the signed attributes and content, the signer certificate accepted by the
 * {@link CertificateVerifier} (when one is given), and the certificate's unit (OU) equal to the
 * unit the statement names. {@link #verifyExpecting} also checks the content against what the
 * caller expects.
 */
public final class StatementVerifier {

    public static final int MAX_SIZE = 1024 * 1024;

    private final CertificateVerifier certificates;

    /** @param certificates the signer check, or null to check the signature only (offline inspection) */
    public StatementVerifier(CertificateVerifier certificates) {
        this.certificates = certificates;
    }

    public VerifiedStatement verify(byte[] cms) throws StatementException {
        if (cms.length > MAX_SIZE) {
            throw new StatementException(MALFORMED, "statement larger than " + MAX_SIZE + " bytes");
        }
        CMSSignedData signed;
        SignerInformation signer;
        X509CertificateHolder holder;
        try {
            signed = new CMSSignedData(cms);
            if (!CMSObjectIdentifiers.data.equals(
                            signed.getSignedContentTypeOID() == null
                                    ? null
                                    : new org.bouncycastle.asn1.ASN1ObjectIdentifier(signed.getSignedContentTypeOID()))
                    || signed.getSignedContent() == null) {
                throw new StatementException(MALFORMED, "statement content missing");
            }
            Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                throw new StatementException(MALFORMED, "a statement has exactly one signer");
            }
            signer = signers.iterator().next();
            if (!GMObjectIdentifiers.sm3.getId().equals(signer.getDigestAlgOID())
                    || !GMObjectIdentifiers.sm2sign_with_sm3.getId().equals(signer.getEncryptionAlgOID())) {
                throw new StatementException(MALFORMED, "statement not signed with SM3withSM2");
            }
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = signed.getCertificates().getMatches(signer.getSID());
            if (matches.size() != 1) {
                throw new StatementException(MALFORMED, "signer certificate not enclosed");
            }
            holder = matches.iterator().next();
        } catch (StatementException e) {
            throw e;
        } catch (Exception e) {
            throw new StatementException(MALFORMED, "not a CMS signed statement", e);
        }
        X509Certificate certificate;
        try {
            certificate = new JcaX509CertificateConverter()
                    .setProvider(Providers.bouncyCastle())
                    .getCertificate(holder);
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder()
                    .setProvider(Providers.bouncyCastle())
                    .build(certificate))) {
                throw new StatementException(BAD_SIGNATURE, "statement signature does not verify");
            }
        } catch (StatementException e) {
            throw e;
        } catch (Exception e) {
            throw new StatementException(BAD_SIGNATURE, "statement signature does not verify", e);
        }
        Statement statement =
                StatementCodec.decode((byte[]) signed.getSignedContent().getContent());
        if (certificates != null) {
            try {
                certificates.verify(certificate, KeyPurpose.SIGNING);
            } catch (CertificateRejectedException e) {
                StatementException.Reason reason = switch (e.reason()) {
                    case REVOKED -> StatementException.Reason.SIGNER_REVOKED;
                    case EXPIRED, NOT_YET_VALID -> StatementException.Reason.SIGNER_EXPIRED;
                    default -> StatementException.Reason.SIGNER_UNTRUSTED;
                };
                throw new StatementException(reason, "signer certificate: " + e.getMessage(), e);
            }
        }
        if (!CertificateAuthority.unitCodeOf(certificate)
                .map(statement.unitCode()::equals)
                .orElse(false)) {
            throw new StatementException(UNIT_MISMATCH, "signed by another unit than " + statement.unitCode());
        }
        return new VerifiedStatement(statement, certificate);
    }

    /** Verifies and checks that the statement is the expected type about the expected document from the expected unit. */
    public VerifiedStatement verifyExpecting(
            byte[] cms, StatementType type, String documentId, byte[] envelopeSm3, String unitCode)
            throws StatementException {
        VerifiedStatement verified = verify(cms);
        Statement s = verified.statement();
        if (s.type() != type
                || !s.documentId().equals(documentId)
                || !MessageDigest.isEqual(s.envelopeSm3(), envelopeSm3)
                || !s.unitCode().equals(unitCode)) {
            throw new StatementException(
                    CONTENT_MISMATCH, "statement is not a " + type + " of " + unitCode + " for this document");
        }
        return verified;
    }
}
