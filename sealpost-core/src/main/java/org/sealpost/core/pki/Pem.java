package org.sealpost.core.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.sealpost.core.crypto.Providers;

/** PEM reading and writing of certificates and CRLs (RFC 7468), so that callers need no BouncyCastle. */
public final class Pem {

    private Pem() {}

    public static String encode(Object certificateOrCrl) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(certificateOrCrl);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    /** Every certificate in a PEM text; other PEM objects are skipped. */
    public static List<X509Certificate> certificates(String pem) throws IOException {
        List<X509Certificate> result = new ArrayList<>();
        for (PemObject object : objects(new StringReader(pem))) {
            if ("CERTIFICATE".equals(object.getType())) {
                result.add(certificate(object.getContent()));
            }
        }
        return result;
    }

    public static List<X509Certificate> certificates(Path file) throws IOException {
        return certificates(Files.readString(file, StandardCharsets.US_ASCII));
    }

    public static X509Certificate certificate(byte[] der) throws IOException {
        try (InputStream in = new ByteArrayInputStream(der)) {
            X509Certificate certificate = (X509Certificate) factory().generateCertificate(in);
            certificate.getPublicKey(); // decoded lazily: a damaged key must fail here, not later
            return certificate;
        } catch (CertificateException | RuntimeException e) {
            throw new IOException("not an X.509 certificate", e);
        }
    }

    public static X509CRL crl(Path file) throws IOException {
        for (PemObject object : objects(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            if ("X509 CRL".equals(object.getType())) {
                try (InputStream in = new ByteArrayInputStream(object.getContent())) {
                    return (X509CRL) factory().generateCRL(in);
                } catch (java.security.cert.CRLException e) {
                    throw new IOException("not an X.509 CRL", e);
                }
            }
        }
        throw new IOException("no CRL in " + file);
    }

    private static List<PemObject> objects(Reader source) throws IOException {
        List<PemObject> objects = new ArrayList<>();
        try (PemReader reader = new PemReader(source)) {
            for (PemObject object; (object = reader.readPemObject()) != null; ) {
                objects.add(object);
            }
        }
        return objects;
    }

    private static CertificateFactory factory() {
        try {
            return CertificateFactory.getInstance("X.509", Providers.bouncyCastle());
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
