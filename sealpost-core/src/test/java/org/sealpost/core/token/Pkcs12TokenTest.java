package org.sealpost.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.bc.BcDefaultDigestProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilderProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.core.crypto.Providers;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.testing.TestPki;

class Pkcs12TokenTest {

    private final TestPki pki = new TestPki();
    private final TestPki.Unit bank = pki.unit("B001");

    @TempDir
    Path dir;

    @Test
    void unlocksWithThePinAndSignsAndUnwraps() throws Exception {
        Path file = dir.resolve("bank.p12");
        Pkcs12Token.write(file, "123456".toCharArray(), bank.signing(), bank.encryption());
        char[] pin = "123456".toCharArray();

        try (Token token = Pkcs12Token.open(file, pin, pki.random)) {
            assertThat(pin).containsOnly('\0');
            assertThat(token.signingCertificate()).isEqualTo(bank.certificates().signing());
            assertThat(token.encryptionCertificate())
                    .contains(bank.certificates().encryption());
            byte[] message = "签收".getBytes(StandardCharsets.UTF_8);
            assertThat(Sm2.verify(bank.certificates().signing().getPublicKey(), message, token.sign(message)))
                    .isTrue();
            byte[] wrapped = Sm2.encrypt(bank.certificates().encryption().getPublicKey(), new byte[16], pki.random);
            assertThat(token.decrypt(wrapped)).isEqualTo(new byte[16]);
            assertThat(token.toString()).contains("REDACTED");
        }
    }

    @Test
    void certificatesIssuedByACaLoadedFromAFileStayWithTheirKeys() throws Exception {
        Path caFile = dir.resolve("ca.p12");
        Pkcs12Token.write(caFile, "ca".toCharArray(), new KeyEntry(pki.caKey.getPrivate(), pki.caCertificate), null);
        Token caToken = Pkcs12Token.open(caFile, "ca".toCharArray(), pki.random);
        var signing = Sm2.generateKeyPair(pki.random);
        var encryption = Sm2.generateKeyPair(pki.random);
        var certs = new org.sealpost.core.pki.CertificateAuthority(caToken, pki.clock, pki.random)
                .issueUnit("B003", "x", signing.getPublic(), encryption.getPublic(), java.time.Duration.ofDays(1));
        Path file = dir.resolve("unit.p12");
        Pkcs12Token.write(
                file,
                "1".toCharArray(),
                new KeyEntry(signing.getPrivate(), java.util.List.of(certs.signing(), caToken.signingCertificate())),
                new KeyEntry(
                        encryption.getPrivate(), java.util.List.of(certs.encryption(), caToken.signingCertificate())));

        Token unit = Pkcs12Token.open(file, "1".toCharArray(), pki.random);

        assertThat(unit.signingCertificate()).isEqualTo(certs.signing());
        assertThat(unit.encryptionCertificate()).contains(certs.encryption());
    }

    @Test
    void writtenFilesAreMacedWithHmacSha256AndEachKeyHasItsOwnSaltAndIv() throws Exception {
        Path file = dir.resolve("bank.p12");
        Pkcs12Token.write(file, "123456".toCharArray(), bank.signing(), bank.encryption());

        PKCS12PfxPdu pdu = new PKCS12PfxPdu(Files.readAllBytes(file));
        assertThat(pdu.hasMac()).isTrue();
        assertThat(pdu.getMacAlgorithmID().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(pdu.isMacValid(
                        new BcPKCS12MacCalculatorBuilderProvider(BcDefaultDigestProvider.INSTANCE),
                        "123456".toCharArray()))
                .isTrue();
        List<PBES2Parameters> keyBags = new ArrayList<>();
        for (ContentInfo info : pdu.getContentInfos()) {
            for (PKCS12SafeBag bag : new PKCS12SafeBagFactory(info).getSafeBags()) {
                if (bag.getType().equals(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag)) {
                    AlgorithmIdentifier algorithm = ((PKCS8EncryptedPrivateKeyInfo) bag.getBagValue())
                            .toASN1Structure()
                            .getEncryptionAlgorithm();
                    assertThat(algorithm.getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBES2);
                    keyBags.add(PBES2Parameters.getInstance(algorithm.getParameters()));
                }
            }
        }
        assertThat(keyBags).hasSize(2);
        for (PBES2Parameters pbes2 : keyBags) {
            PBKDF2Params kdf =
                    PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
            assertThat(kdf.getPrf().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_hmacWithSHA256);
            assertThat(pbes2.getEncryptionScheme().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
        }
        assertThat(PBKDF2Params.getInstance(
                                keyBags.get(0).getKeyDerivationFunc().getParameters())
                        .getSalt())
                .isNotEqualTo(PBKDF2Params.getInstance(
                                keyBags.get(1).getKeyDerivationFunc().getParameters())
                        .getSalt());
        assertThat(keyBags.get(0).getEncryptionScheme().getParameters())
                .isNotEqualTo(keyBags.get(1).getEncryptionScheme().getParameters());
    }

    @Test
    void opensslReadsAWrittenFile() throws Exception {
        Path file = dir.resolve("bank.p12");
        Pkcs12Token.write(file, "123456".toCharArray(), bank.signing(), bank.encryption());

        Process openssl = new ProcessBuilder(
                        "openssl", "pkcs12", "-info", "-noout", "-passin", "pass:123456", "-in", file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(openssl.waitFor()).as(output).isZero();
        assertThat(output).contains("MAC: sha256").doesNotContainIgnoringCase("sha1");
    }

    @Test
    void opensFilesWrittenByEarlierVersionsWithTheBouncyCastleKeyStore() throws Exception {
        // how Pkcs12Token wrote files before it had its own writer (HMAC-SHA1 integrity MAC)
        KeyStore legacy = KeyStore.getInstance("PKCS12-AES256-AES128", Providers.bouncyCastle());
        legacy.load(null, null);
        legacy.setKeyEntry(
                Pkcs12Token.SIGNING_ALIAS,
                bank.signing().key(),
                "123456".toCharArray(),
                bank.signing().chain().toArray(new Certificate[0]));
        legacy.setKeyEntry(
                Pkcs12Token.ENCRYPTION_ALIAS,
                bank.encryption().key(),
                "123456".toCharArray(),
                bank.encryption().chain().toArray(new Certificate[0]));
        Path file = dir.resolve("legacy.p12");
        try (var out = Files.newOutputStream(file)) {
            legacy.store(out, "123456".toCharArray());
        }

        try (Token token = Pkcs12Token.open(file, "123456".toCharArray(), pki.random)) {
            assertThat(token.signingCertificate()).isEqualTo(bank.certificates().signing());
            assertThat(token.encryptionCertificate())
                    .contains(bank.certificates().encryption());
        }
        assertThatThrownBy(() -> Pkcs12Token.open(file, "654321".toCharArray(), pki.random))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.WRONG_PIN));
    }

    @Test
    void wrongPinIsReportedAsSuchAndThePinIsWiped() throws Exception {
        Path file = dir.resolve("bank.p12");
        Pkcs12Token.write(file, "123456".toCharArray(), bank.signing(), bank.encryption());
        char[] wrong = "654321".toCharArray();

        assertThatThrownBy(() -> Pkcs12Token.open(file, wrong, pki.random))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.WRONG_PIN));
        assertThat(wrong).containsOnly('\0');
    }

    @Test
    void missingOrDamagedFileGivesSpecificReasons() throws Exception {
        assertThatThrownBy(() -> Pkcs12Token.open(dir.resolve("none.p12"), "1".toCharArray(), pki.random))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.NOT_FOUND));
        Path junk = dir.resolve("junk.p12");
        Files.write(junk, new byte[] {0x30, 0x03, 0x02, 0x01, 0x03});
        assertThatThrownBy(() -> Pkcs12Token.open(junk, "1".toCharArray(), pki.random))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.CORRUPT));
    }

    @Test
    void aSigningOnlyTokenRefusesToDecryptAndAClosedTokenRefusesEverything() throws Exception {
        Path file = dir.resolve("ca.p12");
        Pkcs12Token.write(file, "ca-pin".toCharArray(), bank.signing(), null);
        Token token = Pkcs12Token.open(file, "ca-pin".toCharArray(), pki.random);

        assertThat(token.encryptionCertificate()).isEmpty();
        assertThatThrownBy(() -> token.decrypt(new byte[120]))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.NO_SUCH_KEY));
        token.close();
        assertThatThrownBy(() -> token.sign(new byte[1]))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.CLOSED));
    }

    @Test
    void decryptingSomeoneElsesCiphertextFails() throws Exception {
        TestPki.Unit other = pki.unit("B002");
        byte[] wrapped = Sm2.encrypt(other.certificates().encryption().getPublicKey(), new byte[16], pki.random);

        assertThatThrownBy(() -> bank.token().decrypt(wrapped))
                .isInstanceOfSatisfying(
                        TokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.DECRYPTION_FAILED));
    }
}
