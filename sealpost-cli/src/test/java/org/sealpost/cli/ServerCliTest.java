package org.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.cli.RealServer.refused;
import static org.sealpost.cli.RealServer.storedToken;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealpost.cli.RealServer.Run;
import tools.jackson.databind.JsonNode;

/**
 * The CLI against a real SealPost server ({@link RealServer}: the server jar with the demo profile,
 * shared by the CLI test classes); each {@code sealpost} command runs in its own JVM, so {@code
 * SEALPOST_HOME} and standard input are the real ones.
 */
class ServerCliTest {

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

    /** A demo account with this role, e.g. OPERATOR_A, at a unit that is not the regulator. */
    private static JsonNode account(String role, int skip) {
        int seen = 0;
        for (JsonNode a : demoAccounts) {
            if (role.equals(a.path("role").asString())
                    && !a.path("unit").asString().startsWith("ZJBRC")) {
                if (seen++ == skip) {
                    return a;
                }
            }
        }
        throw new AssertionError("no demo account with role " + role);
    }

    @Test
    void passwordSignInStoresATokenNotThePasswordAndListsUnitsAndGroupMembers() throws Exception {
        JsonNode operator = account("OPERATOR_A", 0);
        String user = operator.path("username").asString();
        String unit = operator.path("unit").asString();
        Path home = work.resolve("home-password");

        JsonNode login = Json.read(
                ok(home, "login", "--server", url + "/", "--user", user, "--password", PASSWORD, "--json")
                        .out(),
                "login");
        assertThat(login.path("username").asString()).isEqualTo(user);
        assertThat(login.path("unit").asString()).isEqualTo(unit);
        assertThat(login.path("server").asString()).isEqualTo(url);
        assertThat(Instant.parse(login.path("expiresAt").asString()))
                .isBetween(
                        Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));

        Path credentials = home.resolve("credentials.json");
        assertThat(Files.readString(credentials)).contains("spt_").doesNotContain(PASSWORD);
        if (Files.getFileStore(credentials).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home)))
                    .isEqualTo("rwx------");
        }

        JsonNode all = Json.read(ok(home, "units", "--json").out(), "units");
        assertThat(all.isArray()).isTrue();
        JsonNode mine = null;
        for (JsonNode u : all) {
            assertThat(u.path("code").asString()).isNotBlank();
            assertThat(u.path("name").asString()).isNotBlank();
            assertThat(u.path("category").asString()).isNotBlank();
            if (u.path("code").asString().equals(unit)) {
                mine = u;
            }
        }
        assertThat(mine).as("own unit %s listed", unit).isNotNull();
        assertThat(ok(home, "units").out())
                .contains(unit)
                .contains(mine.path("name").asString());

        String category = mine.path("category").asString();
        JsonNode members =
                Json.read(ok(home, "units", "--group", category, "--json").out(), "group");
        assertThat(members.size()).isPositive().isLessThan(all.size());
        List<String> codes = new ArrayList<>();
        for (JsonNode u : members) {
            assertThat(u.path("category").asString()).isEqualTo(category);
            codes.add(u.path("code").asString());
        }
        assertThat(codes).contains(unit);

        refused(sealpost(home, null, "units", "--group", "NO-SUCH-GROUP"), "rejected");
    }

    @Test
    void auditorHasTheServerVerifyTheAuditLogAndOthersAreRefused() throws Exception {
        JsonNode auditor = null;
        JsonNode sysadmin = null;
        for (JsonNode a : demoAccounts) {
            if (auditor == null && "AUDITOR".equals(a.path("role").asString())) {
                auditor = a;
            }
            if (sysadmin == null && "SYSTEM_ADMIN".equals(a.path("role").asString())) {
                sysadmin = a;
            }
        }
        assertThat(auditor).as("a demo auditor").isNotNull();
        Path home = work.resolve("home-auditor");
        ok(home, "login", "--server", url, "--user", auditor.path("username").asString(), "--password", PASSWORD);
        JsonNode verified = Json.read(ok(home, "audit", "verify", "--json").out(), "verify");
        assertThat(verified.path("ok").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.path("checked").asLong()).isPositive();
        assertThat(ok(home, "audit", "verify").out()).contains("audit chain intact");

        Path other = work.resolve("home-sysadmin");
        ok(other, "login", "--server", url, "--user", sysadmin.path("username").asString(), "--password", PASSWORD);
        refused(sealpost(other, null, "audit", "verify"), "403");
    }

    @Test
    void twoHomesHoldTwoSignInsSideBySideOneByPasswordOnStdinOneByToken() throws Exception {
        JsonNode first = account("OPERATOR_A", 1);
        JsonNode second = account("OPERATOR_B", 0);
        Path homeA = work.resolve("home-a");
        Path homeB = work.resolve("home-b");
        Path homeC = work.resolve("home-c");

        // password from standard input (no console): how scripts give it without --password
        Run a = sealpost(
                homeA,
                PASSWORD + "\n",
                "login",
                "--server",
                url,
                "--user",
                first.path("username").asString());
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(a.out())
                .contains("signed in")
                .contains(first.path("username").asString());

        // a token made elsewhere (here by a sign-in in home C) is checked against /api/v1/me and stored
        ok(homeC, "login", "--server", url, "--user", second.path("username").asString(), "--password", PASSWORD);
        String token = storedToken(homeC);
        JsonNode b = Json.read(
                ok(homeB, "login", "--server", url, "--token", token, "--json").out(), "login");
        assertThat(b.path("username").asString())
                .isEqualTo(second.path("username").asString());
        assertThat(b.path("unit").asString()).isEqualTo(second.path("unit").asString());
        assertThat(storedToken(homeB)).isEqualTo(token);

        assertThat(Json.read(Files.readString(homeA.resolve("credentials.json")), "a")
                        .path("username")
                        .asString())
                .isEqualTo(first.path("username").asString());
        ok(homeA, "units", "--json");
        ok(homeB, "units", "--json");

        // logout in B revokes the shared token on the server: C's copy stops working, A is untouched
        assertThat(ok(homeB, "logout").out()).contains("revoked");
        assertThat(homeB.resolve("credentials.json")).doesNotExist();
        refused(sealpost(homeC, null, "units"), "expired or revoked: run sealpost login again");
        ok(homeA, "units");
        assertThat(ok(homeB, "logout").out()).contains("not signed in");

        refused(sealpost(homeB, null, "login", "--server", url, "--token", token), "does not accept this token");
        refused(
                sealpost(homeB, null, "login", "--server", url, "--token", token, "--user", "someone-else"),
                "does not accept this token");
        assertThat(homeB.resolve("credentials.json")).doesNotExist();
    }

    @Test
    void notSignedInAndBadPasswordFailWithOneLineAndExitCode1() throws Exception {
        Path home = work.resolve("home-none");
        refused(sealpost(home, null, "units"), "not signed in");
        refused(sealpost(home, null, "units", "--json"), "not signed in");

        JsonNode operator = account("OPERATOR_A", 2);
        Run bad = sealpost(
                home,
                null,
                "login",
                "--server",
                url,
                "--user",
                operator.path("username").asString(),
                "--password",
                "Wrong-Password-123");
        refused(bad, "sign-in refused");
        assertThat(bad.err()).contains("sign-in-failed").doesNotContain("Wrong-Password-123");
        Run unknown = sealpost(
                home, null, "login", "--server", url, "--user", "nobody-here", "--password", "Wrong-Password-123");
        refused(unknown, "sign-in refused");
        assertThat(unknown.err()).isEqualTo(bad.err());
        assertThat(home.resolve("credentials.json")).doesNotExist();

        refused(sealpost(home, null, "login", "--server", "ftp://x", "--user", "u", "--password", "p"), "http(s) URL");
        refused(
                sealpost(home, null, "login", "--server", "http://127.0.0.1:1", "--user", "u", "--password", "p"),
                "cannot reach http://127.0.0.1:1: connection refused");
        refused(sealpost(home, "", "login", "--server", url, "--user", "u"), "no password given");
    }

    // ---------------------------------------------------------------- sending (issue 5)

    private static JsonNode demo(String username) {
        for (JsonNode a : demoAccounts) {
            if (username.equals(a.path("username").asString())) {
                return a;
            }
        }
        throw new AssertionError("no demo account " + username);
    }

    private static Path signedInAs(String username) throws Exception {
        Path home = Files.createDirectories(work.resolve("home-" + username + "-" + System.nanoTime()));
        ok(home, "login", "--server", url, "--user", username, "--password", PASSWORD);
        return home;
    }

    /** A one-page PDF with a line of text, written by hand (the CLI has no PDF library). */
    static Path pdf(String name, String text) throws Exception {
        String stream = "BT /F1 12 Tf 72 760 Td (" + text + ") Tj ET";
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
                "<< /Length " + stream.length() + " >>\nstream\n" + stream + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        StringBuilder out = new StringBuilder("%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(out.length());
            out.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = out.length();
        out.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) {
            out.append(String.format("%010d 00000 n \n", offset));
        }
        out.append("trailer\n<< /Size ")
                .append(objects.size() + 1)
                .append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref)
                .append("\n%%EOF\n");
        Path file = work.resolve(name);
        Files.writeString(file, out, StandardCharsets.ISO_8859_1);
        return file;
    }

    @Test
    void aBankSendsASealedFormalDocumentTracksAndRecallsIt() throws Exception {
        JsonNode a = demo("icbc-zj-a");
        Path home = signedInAs("icbc-zj-a");
        JsonNode types = Json.read(ok(home, "types", "--json").out(), "types");
        assertThat(types.toString()).contains("\"code\":\"BANK_FORMAL\"");
        for (JsonNode t : types) {
            assertThat(t.has("code") && t.has("name") && t.has("direction") && t.has("sealRequired"))
                    .isTrue();
        }
        Path attachment = work.resolve("list.txt");
        Files.writeString(attachment, "attachment");
        Run sent = ok(
                home,
                "send",
                pdf("report.pdf", "Quarterly report").toString(),
                "--title",
                "关于三季度经营情况的报告",
                "--type",
                "正式公文",
                "--signer",
                "王行长",
                "--urgency",
                "urgent",
                "--to",
                "ZJBRC-OFFICE",
                "--attach",
                attachment.toString(),
                "--seal",
                a.path("sealId").asString(),
                "--seal-pin",
                a.path("sealPin").asString(),
                "--pin",
                a.path("pin").asString(),
                "--json");
        JsonNode answer = Json.read(sent.out(), "send");
        String id = answer.path("id").asString();
        assertThat(answer.path("deliveries").asInt()).isEqualTo(1);

        JsonNode status = Json.read(ok(home, "status", id, "--json").out(), "status");
        assertThat(status).hasSize(1);
        assertThat(status.get(0).path("unit").asString()).isEqualTo("ZJBRC-OFFICE");
        assertThat(status.get(0).path("state").asString()).isEqualTo("DELIVERED");
        assertThat(status.get(0).has("signedAt")).isTrue();
        assertThat(ok(home, "status", id).out()).contains("ZJBRC-OFFICE").contains("DELIVERED");

        refused(
                sealpost(
                        home,
                        null,
                        "void",
                        id,
                        "--reason",
                        "错误",
                        "--pin",
                        a.path("pin").asString()),
                "recall it instead");
        refused(sealpost(home, null, "recall", id, "--reason", "数据有误", "--pin", "00000000"), "PIN");
        JsonNode recalled = Json.read(
                ok(
                                home,
                                "recall",
                                id,
                                "--reason",
                                "数据有误",
                                "--pin",
                                a.path("pin").asString(),
                                "--json")
                        .out(),
                "recall");
        assertThat(recalled.path("state").asString()).isEqualTo("RECALLED");
        assertThat(Json.read(ok(home, "status", id, "--json").out(), "status")
                        .get(0)
                        .path("state")
                        .asString())
                .isEqualTo("RECALLED");

        refused(
                sealpost(
                        home,
                        null,
                        "send",
                        pdf("x.pdf", "x").toString(),
                        "--title",
                        "t",
                        "--type",
                        "BANK_OTHER",
                        "--to",
                        "NO-SUCH-UNIT",
                        "--pin",
                        "1"),
                "NO-SUCH-UNIT");
        refused(sealpost(home, null, "status", "00000000-0000-4000-8000-000000000000"), "No such document");
    }

    @Test
    void aDepartmentNoticeIsRejectedOrApprovedByTheHeadThenSent() throws Exception {
        JsonNode staffAccount = demo("zjbrc-law-staff");
        Path staff = signedInAs("zjbrc-law-staff");
        Path head = signedInAs("zjbrc-law-head");
        JsonNode first = Json.read(
                ok(
                                staff,
                                "send",
                                pdf("n1.pdf", "Notice one").toString(),
                                "--title",
                                "通知一",
                                "--type",
                                "DEPT_NOTICE",
                                "--to",
                                "HZB",
                                "WZB",
                                "--json")
                        .out(),
                "send");
        assertThat(first.path("state").asString()).isEqualTo("PENDING_APPROVAL");
        assertThat(first.path("deliveries").asInt()).isZero();
        String rejected = first.path("id").asString();
        refused(sealpost(staff, null, "approve", rejected), "head");
        assertThat(ok(head, "reject", rejected, "--reason", "请补充时限").out()).contains("REJECTED");

        String id = Json.read(
                        ok(
                                        staff,
                                        "send",
                                        pdf("n2.pdf", "Notice two").toString(),
                                        "--title",
                                        "通知二",
                                        "--type",
                                        "通知类",
                                        "--to",
                                        "HZB",
                                        "WZB",
                                        "--json")
                                .out(),
                        "send")
                .path("id")
                .asString();
        assertThat(ok(head, "approve", id).out()).contains("APPROVED");
        JsonNode sent = Json.read(
                ok(
                                staff,
                                "send",
                                "--document",
                                id,
                                "--pin",
                                staffAccount.path("pin").asString(),
                                "--json")
                        .out(),
                "send");
        assertThat(sent.path("deliveries").asInt()).isEqualTo(2);
    }
}
