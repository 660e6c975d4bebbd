package org.sealpost.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sealpost.core.pki.CertificateRejectedException.Reason;
import org.sealpost.core.testing.TestPki;

class CertificateVerifierTest {

    private final TestPki pki = new TestPki();
    private final TestPki.Unit bank = pki.unit("B001");
    private final X509CRL emptyCrl = pki.ca.publishCrl(BigInteger.ONE, List.of(), Duration.ofDays(7));

    @Test
    void acceptsAUnitCertificateForItsPurpose() {
        CertificateVerifier verifier = verifier(pki.clock, emptyCrl);

        assertThatCode(() -> verifier.verify(bank.certificates().signing(), KeyPurpose.SIGNING))
                .doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(bank.certificates().encryption(), KeyPurpose.ENCRYPTION))
                .doesNotThrowAnyException();
    }

    @Test
    void issuedCertificatesCarryTheUnitAndTheRightKeyUsage() {
        X509Certificate signing = bank.certificates().signing();

        assertThat(signing.getSubjectX500Principal().getName()).contains("OU=B001");
        assertThat(signing.getSigAlgOID()).isEqualTo("1.2.156.10197.1.501");
        assertThat(signing.getKeyUsage()[0]).isTrue(); // digitalSignature
        assertThat(signing.getKeyUsage()[1]).isTrue(); // nonRepudiation
        assertThat(signing.getKeyUsage()[2]).isFalse();
        assertThat(bank.certificates().encryption().getKeyUsage()[2]).isTrue(); // keyEncipherment
        assertThat(bank.certificates().encryption().getKeyUsage()[3]).isTrue(); // dataEncipherment
        assertThat(signing.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void rejectsExpiredCertificate() {
        Clock later = Clock.fixed(TestPki.NOW.plus(Duration.ofDays(366)), ZoneOffset.UTC);
        X509CRL laterCrl = new CertificateAuthority(pki.caToken, later, pki.random)
                .publishCrl(BigInteger.TWO, List.of(), Duration.ofDays(7));

        assertRejected(verifier(later, laterCrl), bank.certificates().signing(), KeyPurpose.SIGNING, Reason.EXPIRED);
    }

    @Test
    void rejectsNotYetValidCertificate() {
        Clock earlier = Clock.fixed(TestPki.NOW.minusSeconds(3600), ZoneOffset.UTC);
        assertRejected(
                new CertificateVerifier(List.of(pki.caCertificate), List.of(), false, earlier),
                bank.certificates().signing(),
                KeyPurpose.SIGNING,
                Reason.NOT_YET_VALID);
    }

    @Test
    void rejectsCertificateOfAForeignCaEvenWithTheSameName() {
        TestPki foreign = new TestPki("TEST-ONLY SealPost CA", pki.clock);
        TestPki.Unit impostor = foreign.unit("B001");

        assertRejected(
                verifier(pki.clock, emptyCrl),
                impostor.certificates().signing(),
                KeyPurpose.SIGNING,
                Reason.UNTRUSTED_ISSUER);
    }

    @Test
    void rejectsRevokedCertificate() {
        X509CRL crl = pki.ca.publishCrl(
                BigInteger.TWO,
                List.of(new Revocation(
                        bank.certificates().signing().getSerialNumber(), TestPki.NOW, Revocation.KEY_COMPROMISE)),
                Duration.ofDays(7));

        assertRejected(verifier(pki.clock, crl), bank.certificates().signing(), KeyPurpose.SIGNING, Reason.REVOKED);
        assertThatCode(() -> verifier(pki.clock, crl).verify(bank.certificates().encryption(), KeyPurpose.ENCRYPTION))
                .doesNotThrowAnyException();
    }

    @Test
    void ignoresACrlSignedByAnotherCa() {
        TestPki foreign = new TestPki("TEST-ONLY SealPost CA", pki.clock);
        X509CRL forged = foreign.ca.publishCrl(
                BigInteger.TEN,
                List.of(new Revocation(bank.certificates().signing().getSerialNumber(), TestPki.NOW, 1)),
                Duration.ofDays(7));

        assertRejected(
                verifier(pki.clock, forged),
                bank.certificates().signing(),
                KeyPurpose.SIGNING,
                Reason.REVOCATION_UNKNOWN);
    }

    @Test
    void rejectsWhenNoCurrentCrlIsAvailable() {
        Clock afterCrlExpiry = Clock.fixed(TestPki.NOW.plus(Duration.ofDays(8)), ZoneOffset.UTC);

        assertRejected(
                verifier(afterCrlExpiry, emptyCrl),
                bank.certificates().signing(),
                KeyPurpose.SIGNING,
                Reason.REVOCATION_UNKNOWN);
    }

    @Test
    void rejectsWrongKeyUsage() {
        CertificateVerifier verifier = verifier(pki.clock, emptyCrl);

        assertRejected(verifier, bank.certificates().encryption(), KeyPurpose.SIGNING, Reason.WRONG_KEY_USAGE);
        assertRejected(verifier, bank.certificates().signing(), KeyPurpose.ENCRYPTION, Reason.WRONG_KEY_USAGE);
        assertRejected(verifier, pki.caCertificate, KeyPurpose.SIGNING, Reason.WRONG_KEY_USAGE);
    }

    @Test
    void refusesToIssueTheSameKeyForBothPurposes() {
        var key = bank.certificates().signing().getPublicKey();
        assertThatThrownBy(() -> pki.ca.issueUnit("B002", "x", key, key, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pemRoundTripsCertificatesAndCrls() throws Exception {
        String pem = Pem.encode(bank.certificates().signing()) + Pem.encode(pki.caCertificate);

        assertThat(Pem.certificates(pem)).containsExactly(bank.certificates().signing(), pki.caCertificate);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("crl", ".pem");
        java.nio.file.Files.writeString(file, Pem.encode(emptyCrl));
        assertThat(Pem.crl(file)).isEqualTo(emptyCrl);
        java.nio.file.Files.delete(file);
    }

    private CertificateVerifier verifier(Clock clock, X509CRL crl) {
        return new CertificateVerifier(List.of(pki.caCertificate), List.of(crl), true, clock);
    }

    private static void assertRejected(
            CertificateVerifier verifier, X509Certificate cert, KeyPurpose purpose, Reason reason) {
        assertThatThrownBy(() -> verifier.verify(cert, purpose))
                .isInstanceOfSatisfying(
                        CertificateRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
