package org.sealpost.core.envelope;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.List;
import org.sealpost.core.pki.CertificateVerifier;
import org.sealpost.core.pki.Revocation;
import org.sealpost.core.testing.TestPki;
import org.sealpost.core.token.TokenException;

/** A regulator sending to two banks, with a third bank that is not a recipient. */
final class EnvelopeFixtures {

    final TestPki pki = new TestPki();
    final TestPki.Unit regulator = pki.unit("R000");
    final TestPki.Unit bankA = pki.unit("B001");
    final TestPki.Unit bankB = pki.unit("B002");
    final TestPki.Unit outsider = pki.unit("B999");
    final byte[] metadata = "{\"title\":\"关于开展年度检查的通知\",\"urgency\":\"URGENT\"}".getBytes(StandardCharsets.UTF_8);

    SealRequest request(byte[] document) {
        return new SealRequest(
                "DOC-2026-0001",
                regulator.code(),
                metadata,
                List.of(
                        new SealRequest.Recipient(
                                bankA.code(), bankA.certificates().encryption()),
                        new SealRequest.Recipient(
                                bankB.code(), bankB.certificates().encryption())),
                List.of(Payload.ofBytes("notice.ofd", "application/ofd", document)));
    }

    byte[] seal(byte[] document, int chunkSize, int parallelism) throws IOException, TokenException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EnvelopeWriter(pki.clock, pki.random, chunkSize, parallelism)
                .seal(request(document), regulator.token(), out);
        return out.toByteArray();
    }

    X509CRL crl(Revocation... revoked) {
        return pki.ca.publishCrl(BigInteger.ONE, List.of(revoked), Duration.ofDays(7));
    }

    SenderCheck trustingCa(X509CRL crl) {
        return SenderCheck.verifiedBy(
                new CertificateVerifier(List.of(pki.caCertificate), List.of(crl), true, pki.clock));
    }
}
