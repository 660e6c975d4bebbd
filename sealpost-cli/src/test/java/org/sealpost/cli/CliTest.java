package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.core.crypto.Sm3;
import org.sealpost.core.statement.Statement;
import org.sealpost.core.statement.StatementSigner;
import org.sealpost.core.token.Pkcs12Token;
import org.sealpost.core.token.Token;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CliTest {

    @TempDir
    Path dir;

    private String out;
    private String err;

    @BeforeEach
    void makeCaAndUnits() throws Exception {
        assertOk("ca", "init", "--name", "TEST-ONLY CLI CA", "--out", p("ca.p12"), "--pin", "ca-pin");
        assertOk(
                "keygen",
                "--unit",
                "R000",
                "--out",
                p("regulator.p12"),
                "--ca",
                p("ca.p12"),
                "--ca-pin",
                "ca-pin",
                "--pin",
                "1111");
        assertOk(
                "keygen",
                "--unit",
                "B001",
                "--name",
                "某银行",
                "--out",
                p("bank.p12"),
                "--ca",
                p("ca.p12"),
                "--ca-pin",
                "ca-pin",
                "--pin",
                "2222");
        assertOk("keygen", "--unit", "B999", "--out", p("outsider.p12"), "--pin", "3333");
        Files.writeString(dir.resolve("notice.txt"), "关于开展年度检查的通知\n".repeat(5000), StandardCharsets.UTF_8);
    }

    @Test
    void sealsOpensInspectsAndVerifies() throws Exception {
        assertThat(dir.resolve("bank.pem")).exists();
        assertOk(
                "envelope",
                "seal",
                "--key",
                p("regulator.p12"),
                "--pin",
                "1111",
                "--to",
                p("bank.pem"),
                "--doc-id",
                "DOC-7",
                p("notice.txt"),
                p("notice.spenv"));

        assertOk(
                "envelope",
                "open",
                "--key",
                p("bank.p12"),
                "--pin",
                "2222",
                "--ca",
                p("ca.pem"),
                p("notice.spenv"),
                p("opened.txt"));
        assertThat(Files.readAllBytes(dir.resolve("opened.txt")))
                .isEqualTo(Files.readAllBytes(dir.resolve("notice.txt")));

        assertOk("envelope", "inspect", "--json", p("notice.spenv"));
        JsonNode json = JsonMapper.builder().build().readTree(out);
        assertThat(json.get("documentId").asString()).isEqualTo("DOC-7");
        assertThat(json.get("senderUnit").asString()).isEqualTo("R000");
        assertThat(json.get("recipients").get(0).get("unit").asString()).isEqualTo("B001");
        assertThat(json.get("payload").get(0).get("sm3").asString())
                .isEqualTo(java.util.HexFormat.of().formatHex(Sm3.digest(dir.resolve("notice.txt"))));

        assertOk("verify", "--ca", p("ca.pem"), p("notice.spenv"));
        assertThat(out).contains("kind: envelope").contains("signature: valid");
    }

    @Test
    void wrongPinNonRecipientAndTamperingFailWithOneLineAndNoOutputFile() throws Exception {
        assertOk(
                "envelope",
                "seal",
                "--key",
                p("regulator.p12"),
                "--pin",
                "1111",
                "--to",
                p("bank.pem"),
                p("notice.txt"),
                p("n.spenv"));

        assertFails("WRONG_PIN", "envelope", "open", "--key", p("bank.p12"), "--pin", "9999", p("n.spenv"), p("x.txt"));
        assertFails(
                "NOT_A_RECIPIENT",
                "envelope",
                "open",
                "--key",
                p("outsider.p12"),
                "--pin",
                "3333",
                p("n.spenv"),
                p("x.txt"));
        byte[] envelope = Files.readAllBytes(dir.resolve("n.spenv"));
        envelope[envelope.length - 100] ^= 1;
        Files.write(dir.resolve("n.spenv"), envelope);
        assertFails(
                "CHUNK_AUTH_FAILED",
                "envelope",
                "open",
                "--key",
                p("bank.p12"),
                "--pin",
                "2222",
                p("n.spenv"),
                p("x.txt"));
        assertThat(dir.resolve("x.txt")).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
        assertFails(
                "WRONG_PIN",
                "envelope",
                "seal",
                "--key",
                p("regulator.p12"),
                "--pin",
                "0",
                "--to",
                p("bank.pem"),
                p("notice.txt"),
                p("y.spenv"));
        assertThat(dir.resolve("y.spenv")).doesNotExist();
    }

    @Test
    void revokedAndUntrustedSendersAreRefused() throws Exception {
        assertOk(
                "envelope",
                "seal",
                "--key",
                p("regulator.p12"),
                "--pin",
                "1111",
                "--to",
                p("bank.pem"),
                p("notice.txt"),
                p("n.spenv"));
        assertOk(
                "ca",
                "crl",
                "--ca",
                p("ca.p12"),
                "--ca-pin",
                "ca-pin",
                "--revoke",
                p("regulator.pem"),
                "--out",
                p("crl.pem"));

        assertFails(
                "SENDER_CERT_REVOKED",
                "envelope",
                "open",
                "--key",
                p("bank.p12"),
                "--pin",
                "2222",
                "--ca",
                p("ca.pem"),
                "--crl",
                p("crl.pem"),
                p("n.spenv"),
                p("x.txt"));
        assertFails("SENDER_CERT_REVOKED", "verify", "--ca", p("ca.pem"), "--crl", p("crl.pem"), p("n.spenv"));

        assertOk(
                "envelope",
                "seal",
                "--key",
                p("outsider.p12"),
                "--pin",
                "3333",
                "--to",
                p("bank.pem"),
                p("notice.txt"),
                p("o.spenv"));
        assertFails(
                "SENDER_CERT_UNTRUSTED",
                "envelope",
                "open",
                "--key",
                p("bank.p12"),
                "--pin",
                "2222",
                "--ca",
                p("ca.pem"),
                p("o.spenv"),
                p("x.txt"));
        assertThat(dir.resolve("x.txt")).doesNotExist();
    }

    @Test
    void verifiesSignedStatements() throws Exception {
        byte[] receipt;
        try (Token bank = Pkcs12Token.open(dir.resolve("bank.p12"), "2222".toCharArray(), new SecureRandom())) {
            receipt = new StatementSigner()
                    .sign(Statement.receipt("DOC-7", Sm3.digest(new byte[] {7}), "B001", Instant.now()), bank);
        }
        Files.write(dir.resolve("receipt.p7s"), receipt);

        assertOk("verify", "--json", "--ca", p("ca.pem"), p("receipt.p7s"));
        JsonNode json = JsonMapper.builder().build().readTree(out);
        assertThat(json.get("type").asString()).isEqualTo("RECEIPT");
        assertThat(json.get("unit").asString()).isEqualTo("B001");

        receipt[receipt.length / 3] ^= 1;
        Files.write(dir.resolve("receipt.p7s"), receipt);
        assertThat(Main.run(
                        new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter()),
                        "verify",
                        p("receipt.p7s")))
                .isEqualTo(1);
    }

    @Test
    void refusesToOverwriteAndReportsUsageErrors() throws Exception {
        assertFails("file exists", "keygen", "--unit", "B001", "--out", p("bank.p12"), "--pin", "1");
        assertThat(run("envelope", "seal", "--key", p("bank.p12"))).isEqualTo(2);
    }

    private void assertOk(String... args) {
        assertThat(run(args))
                .as("exit code of %s; stderr: %s", String.join(" ", args), err)
                .isZero();
    }

    private void assertFails(String reason, String... args) {
        assertThat(run(args)).as("exit code of %s", String.join(" ", args)).isEqualTo(1);
        assertThat(err.lines())
                .singleElement()
                .asString()
                .startsWith("sealpost: ")
                .contains(reason);
    }

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }
}
