package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ofdrw.layout.OFDDoc;
import org.ofdrw.layout.element.Paragraph;
import org.sealpost.core.crypto.Providers;
import org.sealpost.core.pki.Pem;
import org.sealpost.core.seal.CjkFonts;
import org.sealpost.core.seal.SealDesign;
import org.sealpost.core.seal.SealDrawing;
import org.sealpost.core.seal.SealFile;
import org.sealpost.core.seal.SealImage;
import org.sealpost.core.seal.SealRecord;
import org.sealpost.core.seal.TokenSealKey;
import org.sealpost.core.token.KeyEntry;
import org.sealpost.core.token.Pkcs12Token;
import org.sealpost.core.token.Token;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code sealpost stamp} with a unit-held seal file and {@code sealpost verify} on sealed PDF and OFD. */
class SealCliTest {

    private static final String SEAL_PIN = "2468";
    private static SealImage image;

    @TempDir
    Path dir;

    private String out;
    private String err;

    @BeforeEach
    void makePkiSealFileAndDocuments() throws Exception {
        assertOk("ca", "init", "--name", "TEST-ONLY SEAL CA", "--out", p("ca.p12"), "--pin", "ca-pin");
        assertOk(
                "keygen",
                "--unit",
                "R000",
                "--name",
                "监管局",
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
        Instant now = Instant.now();
        writeSealFile("bank-seal.p12", "ES-B001-0002", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        writePdf(dir.resolve("notice.pdf"));
        try (OFDDoc doc = new OFDDoc(dir.resolve("notice.ofd"))) {
            doc.add(new Paragraph("关于做好电子公文传输工作的通知", 6d));
            doc.add(new Paragraph("各银行业金融机构：请按时签收并妥善保管电子印章。", 4d));
        }
        Files.writeString(dir.resolve("notes.txt"), "not a document", StandardCharsets.UTF_8);
    }

    @Test
    void stampsAndVerifiesAPdf() throws Exception {
        assertOk(
                "stamp",
                "--seal",
                p("bank-seal.p12"),
                "--pin",
                SEAL_PIN,
                "--page",
                "1",
                "--x",
                "120",
                "--y",
                "60",
                p("notice.pdf"),
                p("stamped.pdf"));
        assertThat(out).contains("ES-B001-0002").contains("page 1");

        assertOk("verify", "--trust", p("ca.pem"), p("stamped.pdf"));
        assertThat(out)
                .contains("sealed PDF: VALID")
                .contains("ES-B001-0002 某银行业务专用章")
                .contains("某银行")
                .contains("signed at: ");

        assertOk("verify", "--trust", p("ca.pem"), "--json", p("stamped.pdf"));
        JsonNode json = JsonMapper.builder().build().readTree(out);
        assertThat(json.get("kind").asString()).isEqualTo("sealed PDF");
        assertThat(json.get("valid").asBoolean()).isTrue();
        JsonNode stamp = json.get("stamps").get(0);
        assertThat(stamp.get("sealId").asString()).isEqualTo("ES-B001-0002");
        assertThat(stamp.get("sealName").asString()).isEqualTo("某银行业务专用章");
        assertThat(stamp.get("signerUnit").asString()).contains("B001");
        assertThat(Instant.parse(stamp.get("signingTime").asString()))
                .isBefore(Instant.now().plusSeconds(1));
        assertThat(stamp.get("problems")).isEmpty();
    }

    @Test
    void stampsAndVerifiesAnOfdAtTheDefaultPosition() throws Exception {
        assertOk("stamp", "--seal", p("bank-seal.p12"), "--pin", SEAL_PIN, p("notice.ofd"), p("stamped.ofd"));
        assertThat(out).contains("page 1");

        assertOk("verify", "--trust", p("ca.pem"), "--json", p("stamped.ofd"));
        JsonNode json = JsonMapper.builder().build().readTree(out);
        assertThat(json.get("kind").asString()).isEqualTo("sealed OFD");
        assertThat(json.get("valid").asBoolean()).isTrue();
        assertThat(json.get("stamps").get(0).get("sealId").asString()).isEqualTo("ES-B001-0002");

        assertOk("verify", "--trust", p("ca.pem"), p("stamped.ofd"));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "verify-ofd.txt"), out, StandardCharsets.UTF_8);
        assertThat(out).contains("sealed OFD: VALID").contains("stamp 1: valid");
    }

    @Test
    void aModifiedOfdFailsVerification() throws Exception {
        assertOk("stamp", "--seal", p("bank-seal.p12"), "--pin", SEAL_PIN, p("notice.ofd"), p("stamped.ofd"));
        Path edited = dir.resolve("edited.ofd");
        try (var zin = new java.util.zip.ZipInputStream(Files.newInputStream(dir.resolve("stamped.ofd")));
                var zout = new java.util.zip.ZipOutputStream(Files.newOutputStream(edited))) {
            boolean changed = false;
            for (java.util.zip.ZipEntry entry; (entry = zin.getNextEntry()) != null; ) {
                byte[] data = zin.readAllBytes();
                String name = entry.getName();
                if (name.endsWith("Content.xml") && !changed) {
                    String xml = new String(data, StandardCharsets.UTF_8);
                    assertThat(xml).contains("通知");
                    data = xml.replace("通知", "公告").getBytes(StandardCharsets.UTF_8);
                    changed = true;
                }
                zout.putNextEntry(new java.util.zip.ZipEntry(name));
                zout.write(data);
                zout.closeEntry();
            }
            assertThat(changed).isTrue();
        }

        assertThat(run("verify", "--trust", p("ca.pem"), p("edited.ofd"))).isEqualTo(1);
        assertThat(out).contains("sealed OFD: NOT VALID").contains("MODIFIED_AFTER_STAMPING");
    }

    @Test
    void theDefaultPdfPositionIsBottomRightAndVerifies() throws Exception {
        assertOk("stamp", "--seal", p("bank-seal.p12"), "--pin", SEAL_PIN, p("notice.pdf"), p("stamped.pdf"));
        // A4 210 x 297 mm, a 42 mm seal: 210 - 25 - 42 = 143, 297 - 50 - 42 = 205
        assertThat(out).contains("x 143.0 mm, y 205.0 mm");
        assertOk("verify", "--trust", p("ca.pem"), p("stamped.pdf"));
    }

    @Test
    void aByteEditAfterStampingFailsVerification() throws Exception {
        assertOk("stamp", "--seal", p("bank-seal.p12"), "--pin", SEAL_PIN, p("notice.pdf"), p("stamped.pdf"));
        byte[] pdf = Files.readAllBytes(dir.resolve("stamped.pdf"));
        int at = indexOf(pdf, "No. 2026-17".getBytes(StandardCharsets.US_ASCII));
        assertThat(at).isPositive();
        pdf[at + 4] = '3'; // No. 3026-17
        Files.write(dir.resolve("edited.pdf"), pdf);

        assertThat(run("verify", "--trust", p("ca.pem"), p("edited.pdf"))).isEqualTo(1);
        assertThat(out).contains("NOT VALID").contains("MODIFIED_AFTER_STAMPING");
        assertThat(err.lines())
                .singleElement()
                .asString()
                .startsWith("sealpost: ")
                .contains("MODIFIED_AFTER_STAMPING");
    }

    @Test
    void aStampMadeAfterTheSealCertificateWasRevokedFails() throws Exception {
        assertOk(
                "ca",
                "crl",
                "--ca",
                p("ca.p12"),
                "--ca-pin",
                "ca-pin",
                "--revoke",
                p("bank.pem"),
                "--out",
                p("crl.pem"));
        Thread.sleep(1100); // the CRL's revocation time has whole seconds
        assertOk("stamp", "--seal", p("bank-seal.p12"), "--pin", SEAL_PIN, p("notice.pdf"), p("stamped.pdf"));

        assertOk("verify", "--trust", p("ca.pem"), p("stamped.pdf")); // without the CRL nothing is known
        assertThat(run("verify", "--trust", p("ca.pem"), "--crl", p("crl.pem"), "--json", p("stamped.pdf")))
                .isEqualTo(1);
        JsonNode json = JsonMapper.builder().build().readTree(out);
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("stamps").get(0).get("problems").get(0).get("code").asString())
                .isEqualTo("SIGNER_CERT_REVOKED");
    }

    @Test
    void verifiesAgainstTheCaAndCrlFetchedFromTheServer() throws Exception {
        assertOk("stamp", "--seal", p("bank-seal.p12"), "--pin", SEAL_PIN, p("notice.pdf"), p("stamped.pdf"));
        assertOk("ca", "crl", "--ca", p("ca.p12"), "--ca-pin", "ca-pin", "--out", p("empty-crl.pem"));
        Thread.sleep(1100);
        assertOk(
                "ca",
                "crl",
                "--ca",
                p("ca.p12"),
                "--ca-pin",
                "ca-pin",
                "--revoke",
                p("bank.pem"),
                "--number",
                "2",
                "--out",
                p("crl.pem"));
        byte[] ca = Files.readAllBytes(dir.resolve("ca.pem"));
        byte[][] crl = {Files.readAllBytes(dir.resolve("empty-crl.pem"))};
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/pki/ca", exchange -> respond(exchange, ca));
        server.createContext("/api/v1/pki/crl", exchange -> respond(exchange, crl[0]));
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            assertOk("verify", "--server", url, p("stamped.pdf"));
            assertThat(out).contains("sealed PDF: VALID").contains("/api/v1/pki/crl");

            // revoked after the stamp was made: the stamp still verifies
            crl[0] = Files.readAllBytes(dir.resolve("crl.pem"));
            assertOk("verify", "--server", url, "--json", p("stamped.pdf"));

            // a stamp made after the revocation fails
            assertOk("stamp", "--seal", p("bank-seal.p12"), "--pin", SEAL_PIN, p("notice.pdf"), p("late.pdf"));
            assertThat(run("verify", "--server", url, p("late.pdf"))).isEqualTo(1);
            assertThat(out).contains("SIGNER_CERT_REVOKED");

            // with --trust the CA is pinned and only the CRL is fetched
            assertOk("verify", "--server", url, "--trust", p("ca.pem"), p("stamped.pdf"));
            assertFails("HTTP 404", "verify", "--server", url + "nowhere", p("stamped.pdf"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aCrlFromAnotherCaIsRefused() throws Exception {
        assertOk("ca", "init", "--name", "TEST-ONLY OTHER CA", "--out", p("other.p12"), "--pin", "ca-pin");
        assertOk("ca", "crl", "--ca", p("other.p12"), "--ca-pin", "ca-pin", "--out", p("other-crl.pem"));
        assertOk("stamp", "--seal", p("bank-seal.p12"), "--pin", SEAL_PIN, p("notice.pdf"), p("stamped.pdf"));

        assertFails(
                "not signed by the trusted CA",
                "verify",
                "--trust",
                p("ca.pem"),
                "--crl",
                p("other-crl.pem"),
                p("stamped.pdf"));
        assertThat(run("verify", "--trust", p("other.pem"), p("stamped.pdf"))).isEqualTo(1);
        assertThat(out).contains("RECORD_MAKER_UNTRUSTED");
    }

    @Test
    void stampingRefusalsAreOneLineAndWriteNothing() throws Exception {
        assertFails("WRONG_PIN", "stamp", "--seal", p("bank-seal.p12"), "--pin", "9999", p("notice.pdf"), p("a.pdf"));
        assertFails(
                "BLANK_PAGE",
                "stamp",
                "--seal",
                p("bank-seal.p12"),
                "--pin",
                SEAL_PIN,
                "--page",
                "2",
                p("notice.pdf"),
                p("a.pdf"));
        assertFails(
                "NO_SUCH_PAGE",
                "stamp",
                "--seal",
                p("bank-seal.p12"),
                "--pin",
                SEAL_PIN,
                "--page",
                "9",
                p("notice.pdf"),
                p("a.pdf"));
        assertFails(
                "PLACEMENT_OFF_PAGE",
                "stamp",
                "--seal",
                p("bank-seal.p12"),
                "--pin",
                SEAL_PIN,
                "--x",
                "190",
                "--y",
                "10",
                p("notice.pdf"),
                p("a.pdf"));
        assertFails(
                "not a PDF or OFD",
                "stamp",
                "--seal",
                p("bank-seal.p12"),
                "--pin",
                SEAL_PIN,
                p("notes.txt"),
                p("a.pdf"));
        assertFails(
                "both --x and --y",
                "stamp",
                "--seal",
                p("bank-seal.p12"),
                "--pin",
                SEAL_PIN,
                "--x",
                "10",
                p("notice.pdf"),
                p("a.pdf"));
        assertFails(
                "not a PKCS#12 file",
                "stamp",
                "--seal",
                p("notes.txt"),
                "--pin",
                SEAL_PIN,
                p("notice.pdf"),
                p("a.pdf"));
        Instant now = Instant.now();
        writeSealFile("expired.p12", "ES-B001-0001", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        assertFails(
                "SEAL_EXPIRED", "stamp", "--seal", p("expired.p12"), "--pin", SEAL_PIN, p("notice.pdf"), p("a.pdf"));
        assertThat(dir.resolve("a.pdf")).doesNotExist();

        assertOk("stamp", "--seal", p("bank-seal.p12"), "--pin", SEAL_PIN, p("notice.pdf"), p("stamped.pdf"));
        assertFails(
                "file exists",
                "stamp",
                "--seal",
                p("bank-seal.p12"),
                "--pin",
                SEAL_PIN,
                p("notice.pdf"),
                p("stamped.pdf"));
    }

    @Test
    void verifyingASealedDocumentNeedsTheCaAndAnUnsealedOneFails() throws Exception {
        assertFails("needs the regulator's CA", "verify", p("notice.pdf"));
        assertThat(run("verify", "--trust", p("ca.pem"), p("notice.pdf"))).isEqualTo(1);
        assertThat(out).contains("NOT_SEALED");
    }

    private void writeSealFile(String name, String sealId, Instant from, Instant to) throws Exception {
        KeyStore bank = KeyStore.getInstance("PKCS12", Providers.bouncyCastle());
        try (var in = Files.newInputStream(dir.resolve("bank.p12"))) {
            bank.load(in, "2222".toCharArray());
        }
        PrivateKey key = (PrivateKey) bank.getKey(Pkcs12Token.SIGNING_ALIAS, "2222".toCharArray());
        X509Certificate bankCert;
        try (Token token = Pkcs12Token.open(dir.resolve("bank.p12"), "2222".toCharArray(), new SecureRandom())) {
            bankCert = token.signingCertificate();
        }
        X509Certificate caCert = Pem.certificates(dir.resolve("ca.pem")).get(0);
        SealRecord record;
        try (Token regulator =
                Pkcs12Token.open(dir.resolve("regulator.p12"), "1111".toCharArray(), new SecureRandom())) {
            SealRecord.Content content = new SealRecord.Content(
                    sealId, SealRecord.SealType.UNIT, "某银行业务专用章", from, to, image(), List.of(bankCert));
            record = SealRecord.make(content, new TokenSealKey(regulator), Clock.systemUTC());
        }
        SealFile.write(
                dir.resolve(name),
                SEAL_PIN.toCharArray(),
                new KeyEntry(key, List.of(bankCert, caCert)),
                record,
                new SecureRandom());
    }

    private static synchronized SealImage image() {
        if (image == null) {
            image = new SealDrawing(CjkFonts.system()).render(new SealDesign("某银行", "业务专用章", "", 42.0), 150);
        }
        return image;
    }

    /** Page 1 has text, page 2 is blank. */
    private static void writePdf(Path file) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            PDPage text = new PDPage(PDRectangle.A4);
            doc.addPage(text);
            try (PDPageContentStream cs =
                    new PDPageContentStream(doc, text, PDPageContentStream.AppendMode.OVERWRITE, false)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                cs.newLineAtOffset(72, 760);
                cs.showText("Notice on the annual inspection, No. 2026-17");
                cs.endText();
            }
            doc.addPage(new PDPage(PDRectangle.A4));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            doc.save(bytes);
            Files.write(file, bytes.toByteArray());
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, byte[] body) throws java.io.IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/x-pem-file");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
        }
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
        return -1;
    }

    private void assertOk(String... args) {
        assertThat(run(args))
                .as("exit code of %s; stdout: %s; stderr: %s", String.join(" ", args), out, err)
                .isZero();
    }

    private void assertFails(String reason, String... args) {
        assertThat(run(args))
                .as("exit code of %s; stderr: %s", String.join(" ", args), err)
                .isEqualTo(1);
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
