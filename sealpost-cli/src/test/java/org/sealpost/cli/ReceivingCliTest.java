package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.cli.RealServer.refused;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.RealServer.Run;
import tools.jackson.databind.JsonNode;

/**
 * The receiving commands against a real SealPost server (the server jar with the demo profile, as
 * in {@link ServerCliTest}): the regulator office sends a document over the REST API, a bank
 * operator lists it ({@code inbox --json} contract), shows it, is refused with a wrong PIN, signs
 * for it, downloads the de-sealed copy, and returns a second one — with and without a reason.
 */
class ReceivingCliTest {

    private static final String PASSWORD = RealServer.PASSWORD;

    @TempDir
    static Path work;

    static RealServer server;
    static String url;
    static JsonNode demoAccounts;

    @BeforeAll
    static void startServer() throws Exception {
        server = RealServer.get();
        url = server.url;
        demoAccounts = server.demoAccounts;
    }

    private static Run sealpost(Path home, String stdin, String... args) throws Exception {
        return server.sealpost(home, stdin, args);
    }

    private static Run ok(Path home, String... args) throws Exception {
        return server.ok(home, args);
    }

    private static JsonNode account(String role, boolean regulator) {
        for (JsonNode a : demoAccounts) {
            if (role.equals(a.path("role").asString())
                    && a.path("unit").asString().startsWith("ZJBRC") == regulator
                    && !a.path("pin").asString("").isEmpty()) {
                return a;
            }
        }
        throw new AssertionError("no demo account with role " + role);
    }

    private static Path login(String name, JsonNode account) throws Exception {
        Path home = work.resolve(name);
        ok(home, "login", "--server", url, "--user", account.path("username").asString(), "--password", PASSWORD);
        return home;
    }

    /** The office sends a one-page PDF to {@code unit} through the REST API; returns the document id. */
    private static String send(Path officeHome, String officePin, String unit, String title) throws Exception {
        return server.send(officeHome, officePin, unit, title, pdf(title));
    }

    static byte[] pdf(String text) throws IOException {
        try (var doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
            var page = new org.apache.pdfbox.pdmodel.PDPage(org.apache.pdfbox.pdmodel.common.PDRectangle.A4);
            doc.addPage(page);
            try (var content = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(
                        new org.apache.pdfbox.pdmodel.font.PDType1Font(
                                org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA),
                        14);
                content.newLineAtOffset(72, 700);
                content.showText("Notice for the banks: " + text);
                content.endText();
            }
            var out = new java.io.ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    @Test
    void operatorListsShowsSignsDownloadsAndReturns() throws Exception {
        JsonNode office = account("OFFICE_STAFF", true);
        JsonNode operator = account("OPERATOR_A", false);
        String unit = operator.path("unit").asString();
        String pin = operator.path("pin").asString();
        Path officeHome = login("office", office);
        Path home = login("operator", operator);

        String signedDoc = send(officeHome, office.path("pin").asString(), unit, "CLI sign and download");
        String returnedDoc = send(officeHome, office.path("pin").asString(), unit, "CLI return");

        JsonNode inbox = Json.read(ok(home, "inbox", "--json").out(), "inbox");
        assertThat(inbox.isArray()).isTrue();
        JsonNode first = null;
        JsonNode second = null;
        for (JsonNode item : inbox) {
            assertThat(item.has("id")
                            && item.has("documentId")
                            && item.has("title")
                            && item.has("state")
                            && item.has("urgency"))
                    .isTrue();
            if (item.path("documentId").asString().equals(signedDoc)) {
                first = item;
            }
            if (item.path("documentId").asString().equals(returnedDoc)) {
                second = item;
            }
        }
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(first.path("state").asString()).isEqualTo("DELIVERED");
        assertThat(first.path("urgency").asString()).isEqualTo("URGENT");
        String id = String.valueOf(first.path("id").asLong());
        String other = String.valueOf(second.path("id").asLong());

        assertThat(ok(home, "show", id).out()).contains("CLI sign and download").contains("notice.pdf");
        refused(sealpost(home, null, "sign", id, "--pin", "000000"), "attempt(s) left");
        refused(
                sealpost(
                        home,
                        null,
                        "download",
                        id,
                        "--pin",
                        pin,
                        "--out",
                        work.resolve("early.pdf").toString()),
                "Sign for the document before downloading it");
        JsonNode receipt =
                Json.read(ok(home, "sign", id, "--pin", pin, "--json").out(), "receipt");
        assertThat(receipt.path("state").asString()).isEqualTo("SIGNED");
        assertThat(receipt.path("receipt").asString()).isNotEmpty();
        assertThat(Json.read(ok(home, "sign", id, "--pin", pin, "--json").out(), "again")
                        .path("replayed")
                        .asBoolean())
                .isTrue();

        Path out = work.resolve("desealed.pdf");
        ok(home, "download", id, "--pin", pin, "--out", out.toString());
        assertThat(new String(Files.readAllBytes(out), 0, 5, StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
        refused(sealpost(home, null, "download", id, "--pin", pin, "--out", out.toString()), "file exists");
        assertThat(Json.read(
                                ok(home, "inbox", "--status", "downloaded", "--json")
                                        .out(),
                                "downloaded")
                        .toString())
                .contains(signedDoc);

        refused(sealpost(home, null, "return", other, "--reason", " ", "--pin", pin), "--reason is mandatory");
        ok(home, "return", other, "--reason", "附件缺页", "--pin", pin);
        assertThat(Json.read(ok(home, "show", other, "--json").out(), "show")
                        .path("state")
                        .asString())
                .isEqualTo("RETURNED");
        refused(sealpost(home, null, "show", "99999999"), "not found");
    }
}
