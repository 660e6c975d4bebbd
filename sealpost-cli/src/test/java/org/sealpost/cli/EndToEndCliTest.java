package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.cli.RealServer.refused;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.core.pki.Pem;
import org.sealpost.core.token.Pkcs12Token;
import org.sealpost.core.token.Token;
import tools.jackson.databind.JsonNode;

/**
 * End-to-end mode against a real SealPost server (issue 6): the demo wrote each unit's keys as a
 * PKCS#12 under the unit PIN ({@code keyFile} in demo-accounts.json, taken when the keys were
 * issued); the office sends to a bank, the bank's operator signs for it with {@code sign --key} and
 * decrypts it with {@code download --key} on this machine. The file equals what was sent, the
 * receipt is the one signed here, and the server's audit shows it only handed out the envelope:
 * no server-side open, decrypt or download.
 */
class EndToEndCliTest {

    private static final String PASSWORD = RealServer.PASSWORD;

    @TempDir
    static Path work;

    static RealServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RealServer.get();
    }

    /** The last account with this role (another bank than ReceivingCliTest's, which takes the first). */
    private static JsonNode last(String role, boolean regulator) {
        JsonNode found = null;
        for (JsonNode a : server.demoAccounts) {
            if (role.equals(a.path("role").asString())
                    && a.path("unit").asString().startsWith("ZJBRC") == regulator
                    && !a.path("pin").asString("").isEmpty()) {
                found = a;
            }
        }
        assertThat(found).as("a demo account with role %s", role).isNotNull();
        return found;
    }

    private static Path login(String name, JsonNode account) throws Exception {
        Path home = work.resolve(name);
        server.ok(
                home,
                "login",
                "--server",
                server.url,
                "--user",
                account.path("username").asString(),
                "--password",
                PASSWORD);
        return home;
    }

    @Test
    void bankSignsForAndDecryptsWithItsOwnKeyFileAndTheServerNeverOpensIt() throws Exception {
        JsonNode office = last("OFFICE_STAFF", true);
        JsonNode operator = last("OPERATOR_A", false);
        String unit = operator.path("unit").asString();
        String pin = operator.path("pin").asString();

        // the demo's unit-held key file: owner-only, under the unit PIN, the unit's current certificates
        assertThat(operator.path("keyFile").asString(""))
                .as("keyFile of %s", operator)
                .isNotEmpty();
        Path key = server.serverFile(operator.path("keyFile").asString());
        assertThat(key).isRegularFile().hasFileName(unit + ".p12");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())))
                .isEqualTo("rwx------");
        Path officeHome = login("office", office);
        Path home = login("bank", operator);
        JsonNode certificates = server.getJson(home, "/api/v1/pki/units/" + unit + "/certificates");
        try (Token token = Pkcs12Token.open(key, pin.toCharArray(), new SecureRandom())) {
            assertThat(token.signingCertificate())
                    .isEqualTo(Pem.certificates(
                                    certificates.path("signingCertificate").asString())
                            .get(0));
            assertThat(token.encryptionCertificate())
                    .contains(Pem.certificates(
                                    certificates.path("encryptionCertificate").asString())
                            .get(0));
        }

        byte[] sent = ReceivingCliTest.pdf("end-to-end " + unit);
        String document = server.send(officeHome, office.path("pin").asString(), unit, "CLI end to end", sent);
        String id = null;
        for (JsonNode item : Json.read(server.ok(home, "inbox", "--json").out(), "inbox")) {
            if (item.path("documentId").asString().equals(document)) {
                id = String.valueOf(item.path("id").asLong());
            }
        }
        assertThat(id).as("the delivery in %s's inbox", unit).isNotNull();

        // a wrong PIN opens nothing and signs nothing
        refused(server.sealpost(home, null, "sign", id, "--key", key.toString(), "--pin", "00000000"), "WRONG_PIN");
        assertThat(Json.read(server.ok(home, "show", id, "--json").out(), "show")
                        .path("state")
                        .asString())
                .isEqualTo("DELIVERED");

        JsonNode receipt = Json.read(
                server.ok(home, "sign", id, "--key", key.toString(), "--pin", pin, "--json")
                        .out(),
                "receipt");
        assertThat(receipt.path("state").asString()).isEqualTo("SIGNED");
        assertThat(receipt.path("endToEnd").asBoolean()).isTrue();
        assertThat(receipt.path("replayed").asBoolean()).isFalse();

        Path out = work.resolve("end-to-end.pdf");
        JsonNode downloaded = Json.read(
                server.ok(
                                home,
                                "download",
                                id,
                                "--key",
                                key.toString(),
                                "--pin",
                                pin,
                                "--out",
                                out.toString(),
                                "--json")
                        .out(),
                "download");
        assertThat(downloaded.path("endToEnd").asBoolean()).isTrue();
        assertThat(Files.readAllBytes(out)).isEqualTo(sent);
        refused(
                server.sealpost(
                        home, null, "download", id, "--key", key.toString(), "--pin", pin, "--out", out.toString()),
                "file exists");

        // the server's record: the envelope was handed out, the receipt accepted; nothing opened there
        JsonNode auditor = null;
        for (JsonNode a : server.demoAccounts) {
            if (auditor == null && "AUDITOR".equals(a.path("role").asString())) {
                auditor = a;
            }
        }
        assertThat(auditor).as("a demo auditor").isNotNull();
        Path auditorHome = login("auditor", auditor);
        JsonNode events = server.getJson(auditorHome, "/api/v1/audit/events?unit=" + unit + "&size=500");
        List<String> types = new ArrayList<>();
        for (JsonNode e : events.path("events")) {
            if (e.path("object").asString().equals("delivery:" + id)) {
                types.add(e.path("type").asString() + (e.path("success").asBoolean() ? "" : " (refused)"));
            }
        }
        assertThat(types)
                .as("audit rows of delivery %s", id)
                .contains("DELIVERY_ENVELOPE_FETCHED", "DELIVERY_SIGNED")
                .containsOnly("DELIVERY_ENVELOPE_FETCHED", "DELIVERY_SIGNED", "DELIVERY_VIEWED")
                .doesNotContain("DELIVERY_OPENED", "DELIVERY_DOWNLOADED");
        assertThat(types.stream().filter("DELIVERY_SIGNED"::equals)).hasSize(1);
        // sign (twice: the wrong PIN fetched it too) and download each fetched the envelope
        assertThat(types.stream().filter("DELIVERY_ENVELOPE_FETCHED"::equals)).hasSize(3);
    }
}
