package org.sealpost.server.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.support.Clamd;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * F04: uploads are scanned by a real clamd (started here on a loopback port with a one-signature
 * database, see {@link Clamd}); EICAR is refused and audited, and while clamd is down or silent
 * nothing is accepted (fail closed: nothing stored, no quarantine copy).
 */
@SpringBootTest(properties = "sealpost.demo.enabled=true")
@ActiveProfiles("test")
@AutoConfigureMockMvc
class AntivirusIT {

    static Clamd clamd;

    @DynamicPropertySource
    static void scanner(DynamicPropertyRegistry registry) throws IOException {
        clamd = Clamd.startOnLoopback();
        registry.add("sealpost.antivirus.enabled", () -> "true");
        registry.add("sealpost.antivirus.host", () -> "127.0.0.1");
        registry.add("sealpost.antivirus.port", () -> clamd.port());
        registry.add("sealpost.antivirus.timeout", () -> "5s");
    }

    @AfterAll
    static void stopScanner() throws Exception {
        clamd.close();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    DocumentFixtures f;
    SignedInUser office;

    @BeforeEach
    void people() {
        f = new DocumentFixtures(mvc, jdbc);
        office = f.user("zjbrc-office-staff");
    }

    String draft() throws Exception {
        return f.draft(office, "{\"type\":\"局发文\",\"title\":\"病毒扫描测试\",\"to\":[\"ICBC-ZJ\"],\"cc\":[]}");
    }

    int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }

    @Test
    void eicarIsRefusedAuditedAndNothingIsStored() throws Exception {
        String id = draft();
        int blobs = count("SELECT count(*) FROM blob");

        var attachment = f.upload(office, "/documents/" + id + "/attachments", "名单.txt", Clamd.eicar(), "POST", null);
        assertThat(attachment.status()).isEqualTo(422);
        assertThat(attachment.<String>json("$.code")).isEqualTo("document.virus-found");
        assertThat(attachment.<String>json("$.detail"))
                .contains(Clamd.SIGNATURE)
                .contains("名单.txt");

        // a body is scanned before its format is looked at: the virus, not "not a PDF", is the reason
        var body = f.upload(office, "/documents/" + id + "/body", "正文.pdf", Clamd.eicar(), "PUT", null);
        assertThat(body.status()).isEqualTo(422);
        assertThat(body.<String>json("$.code")).isEqualTo("document.virus-found");

        assertThat(count("SELECT count(*) FROM document_attachment WHERE document_id = ?", id))
                .isZero();
        assertThat(count("SELECT count(*) FROM document WHERE id = ? AND body_blob IS NULL", id))
                .isOne();
        assertThat(count("SELECT count(*) FROM blob")).isEqualTo(blobs);
        assertThat(count(
                        "SELECT count(*) FROM audit_event WHERE object_ref = ? AND event_type = 'DOCUMENT_ATTACHMENT_ADDED'"
                                + " AND success = FALSE AND detail = 'document.virus-found'",
                        id))
                .isOne();
        assertThat(count(
                        "SELECT count(*) FROM audit_event WHERE object_ref = ? AND event_type = 'DOCUMENT_BODY_UPLOADED'"
                                + " AND success = FALSE AND detail = 'document.virus-found'",
                        id))
                .isOne();

        // clean files pass the same scanner
        var clean = f.upload(office, "/documents/" + id + "/attachments", "名单.txt", "张三,李四".getBytes(), "POST", null);
        assertThat(clean.status()).isEqualTo(201);
        f.body(office, id, DocumentFixtures.pdf("clean"));
        assertThat(count("SELECT count(*) FROM document_attachment WHERE document_id = ?", id))
                .isOne();
    }

    @Test
    void whileTheScannerIsDownNothingIsAcceptedAndUploadsWorkAgainWhenItIsBack() throws Exception {
        String id = draft();
        int blobs = count("SELECT count(*) FROM blob");
        clamd.stop();
        try {
            var refused =
                    f.upload(office, "/documents/" + id + "/attachments", "a.txt", "clean".getBytes(), "POST", null);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.<String>json("$.code")).isEqualTo("document.antivirus-unavailable");
            assertThat(refused.<String>json("$.detail")).contains("nothing was stored");
            var body = f.upload(office, "/documents/" + id + "/body", "正文.pdf", DocumentFixtures.pdf("x"), "PUT", null);
            assertThat(body.status()).isEqualTo(503);
            assertThat(count("SELECT count(*) FROM document_attachment WHERE document_id = ?", id))
                    .isZero();
            assertThat(count("SELECT count(*) FROM document WHERE id = ? AND body_blob IS NULL", id))
                    .isOne();
            assertThat(count("SELECT count(*) FROM blob")).isEqualTo(blobs);
            assertThat(count(
                            "SELECT count(*) FROM audit_event WHERE object_ref = ? AND success = FALSE"
                                    + " AND detail = 'document.antivirus-unavailable'",
                            id))
                    .isEqualTo(2);
        } finally {
            clamd.start();
        }
        var accepted = f.upload(office, "/documents/" + id + "/attachments", "a.txt", "clean".getBytes(), "POST", null);
        assertThat(accepted.status()).isEqualTo(201);
    }

    @Test
    void aScannerThatAcceptsButNeverAnswersIsGivenUpOnAtTheTimeout() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ClamdClient client =
                    new ClamdClient(new InetSocketAddress("127.0.0.1", silent.getLocalPort()), Duration.ofMillis(500));
            assertThatThrownBy(() -> client.scan("clean".getBytes()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("did not answer within 500 ms");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        ClamdClient real = new ClamdClient(new InetSocketAddress("127.0.0.1", clamd.port()), Duration.ofSeconds(5));
        assertThat(real.scan(Clamd.eicar()).found()).startsWith(Clamd.SIGNATURE);
        assertThat(real.scan(new byte[200_000]).clean()).isTrue();
    }
}
