package org.sealpost.core.statement;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.util.Date;
import java.util.Hashtable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.sealpost.core.crypto.Providers;
import org.sealpost.core.crypto.Sm2ContentSigner;
import org.sealpost.core.token.Token;
import org.sealpost.core.token.TokenException;

/**
 * Signs statements as CMS SignedData (RFC 5652) with SM3 (OID 1.2.156.10197.1.401) and SM3withSM2
 * (1.2.156.10197.1.501): encapsulated content = the DER statement ({@link StatementCodec}), signed
 * attributes content-type, message-digest and signing-time (= the statement time, not the
 * machine clock), and the signer's certificate included.
 */
public final class StatementSigner {

    public byte[] sign(Statement statement, Token token) throws TokenException {
        try {
            Hashtable<ASN1ObjectIdentifier, Attribute> attributes = new Hashtable<>();
            attributes.put(
                    CMSAttributes.signingTime,
                    new Attribute(
                            CMSAttributes.signingTime, new DERSet(new Time(Date.from(statement.statementTime())))));
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                            .setProvider(Providers.bouncyCastle())
                            .build())
                    .setSignedAttributeGenerator(
                            new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
                    .build(new Sm2ContentSigner(token::sign), token.signingCertificate()));
            generator.addCertificate(new JcaX509CertificateHolder(token.signingCertificate()));
            return generator
                    .generate(new CMSProcessableByteArray(StatementCodec.encode(statement)), true)
                    .getEncoded("DER");
        } catch (RuntimeOperatorException e) {
            if (e.getCause() instanceof TokenException te) {
                throw te;
            }
            throw e;
        } catch (OperatorCreationException | CertificateEncodingException | CMSException | IOException e) {
            throw new IllegalStateException("CMS signing failed", e);
        }
    }
}
