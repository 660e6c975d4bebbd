package org.sealpost.core.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.Test;
import org.sealpost.core.crypto.Sm3;
import org.sealpost.core.pki.CertificateVerifier;
import org.sealpost.core.pki.Revocation;
import org.sealpost.core.statement.StatementException.Reason;
import org.sealpost.core.testing.TestPki;

class StatementTest {

    private final TestPki pki = new TestPki();
    private final TestPki.Unit bank = pki.unit("B001");
    private final TestPki.Unit otherBank = pki.unit("B002");
    private final byte[] envelopeDigest = Sm3.digest("envelope header".getBytes());
    private final StatementSigner signer = new StatementSigner();
    private final StatementVerifier verifier = verifier(List.of());

    @Test
    void receiptVerifiesAndBindsDocumentDigestUnitAndTime() throws Exception {
        byte[] cms = signer.sign(Statement.receipt("DOC-1", envelopeDigest, "B001", TestPki.NOW), bank.token());

        VerifiedStatement verified =
                verifier.verifyExpecting(cms, StatementType.RECEIPT, "DOC-1", envelopeDigest, "B001");

        assertThat(verified.statement().statementTime()).isEqualTo(TestPki.NOW);
        assertThat(verified.signer()).isEqualTo(bank.certificates().signing());
        var info =
                new CMSSignedData(cms).getSignerInfos().getSigners().iterator().next();
        assertThat(info.getDigestAlgOID()).isEqualTo("1.2.156.10197.1.401");
        assertThat(info.getEncryptionAlgOID()).isEqualTo("1.2.156.10197.1.501");
    }

    @Test
    void everyStatementTypeRoundTrips() throws Exception {
        List<Statement> statements = List.of(
                Statement.returned("DOC-1", envelopeDigest, "B001", TestPki.NOW, "附件缺失，请补发"),
                Statement.recall("DOC-1", envelopeDigest, "B001", TestPki.NOW, null),
                Statement.voided("DOC-1", envelopeDigest, "B001", TestPki.NOW, "文号错误"),
                Statement.destructionConfirmed(
                        "DOC-1", envelopeDigest, "B001", TestPki.NOW, List.of("000001", "000002")));
        for (Statement statement : statements) {
            assertThat(verifier.verify(signer.sign(statement, bank.token())).statement())
                    .isEqualTo(statement);
        }
    }

    @Test
    void statementRulesAreEnforced() {
        assertThatThrownBy(() -> Statement.returned("DOC-1", envelopeDigest, "B001", TestPki.NOW, " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> Statement.destructionConfirmed("DOC-1", envelopeDigest, "B001", TestPki.NOW, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Statement.receipt("DOC-1", new byte[5], "B001", TestPki.NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void alteredContentIsRejected() throws Exception {
        byte[] cms = signer.sign(Statement.receipt("DOC-1", envelopeDigest, "B001", TestPki.NOW), bank.token());
        byte[] marker = "DOC-1".getBytes();
        int at = indexOf(cms, marker);
        cms[at + 4] = '2';

        assertThatThrownBy(() -> verifier.verify(cms))
                .isInstanceOfSatisfying(
                        StatementException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }

    @Test
    void anotherUnitsKeyCannotSignForThisUnit() throws Exception {
        byte[] cms = signer.sign(Statement.receipt("DOC-1", envelopeDigest, "B001", TestPki.NOW), otherBank.token());

        assertThatThrownBy(() -> verifier.verify(cms))
                .isInstanceOfSatisfying(
                        StatementException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNIT_MISMATCH));
    }

    @Test
    void aReceiptForAnotherDocumentDigestDoesNotCount() throws Exception {
        byte[] cms = signer.sign(Statement.receipt("DOC-1", envelopeDigest, "B001", TestPki.NOW), bank.token());
        byte[] otherDigest = Sm3.digest("another envelope".getBytes());

        assertThatThrownBy(() -> verifier.verifyExpecting(cms, StatementType.RECEIPT, "DOC-1", otherDigest, "B001"))
                .isInstanceOfSatisfying(
                        StatementException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONTENT_MISMATCH));
        assertThatThrownBy(() -> verifier.verifyExpecting(cms, StatementType.RETURN, "DOC-1", envelopeDigest, "B001"))
                .isInstanceOfSatisfying(
                        StatementException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONTENT_MISMATCH));
    }

    @Test
    void revokedOrForeignSignerIsRejected() throws Exception {
        byte[] cms = signer.sign(Statement.receipt("DOC-1", envelopeDigest, "B001", TestPki.NOW), bank.token());
        StatementVerifier revoking = verifier(List.of(new Revocation(
                bank.certificates().signing().getSerialNumber(), TestPki.NOW, Revocation.KEY_COMPROMISE)));
        assertThatThrownBy(() -> revoking.verify(cms))
                .isInstanceOfSatisfying(
                        StatementException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SIGNER_REVOKED));

        TestPki foreign = new TestPki("TEST-ONLY other CA", pki.clock);
        byte[] forged = signer.sign(
                Statement.receipt("DOC-1", envelopeDigest, "B001", TestPki.NOW),
                foreign.unit("B001").token());
        assertThatThrownBy(() -> verifier.verify(forged))
                .isInstanceOfSatisfying(
                        StatementException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SIGNER_UNTRUSTED));
    }

    @Test
    void garbageIsMalformed() {
        for (byte[] junk : new byte[][] {new byte[0], {0x30, 0x00}, "SPENV".getBytes(), new byte[100]}) {
            assertThatThrownBy(() -> verifier.verify(junk))
                    .isInstanceOfSatisfying(
                            StatementException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        }
    }

    private StatementVerifier verifier(List<Revocation> revoked) {
        var crl = pki.ca.publishCrl(BigInteger.ONE, revoked, Duration.ofDays(1));
        return new StatementVerifier(
                new CertificateVerifier(List.of(pki.caCertificate), List.of(crl), true, pki.clock));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("marker not found");
    }
}
