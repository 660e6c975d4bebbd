package org.sealpost.server.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.SignedInUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * R06: the blob directory sits on a real 8 MB tmpfs (mounted here; needs root, as on the CI
 * machine) that the test fills to the last byte. An upload or a send then fails with 507 {@code
 * document.storage-full}; no row refers to a missing blob, no blob row is added, and no file —
 * staged, empty or otherwise — is left in the directory. Freeing space is enough to carry on.
 */
@SpringBootTest(properties = "sealpost.demo.enabled=true")
@ActiveProfiles("test")
@AutoConfigureMockMvc
class DiskFullIT {

    static Path mount;

    @DynamicPropertySource
    static void smallDisk(DynamicPropertyRegistry registry) throws Exception {
        mount = Files.createTempDirectory("sealpost-small-disk-");
        run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString());
        registry.add("sealpost.blobs.dir", () -> mount.resolve("blobs").toString());
    }

    @AfterAll
    static void unmount() throws Exception {
        run("umount", mount.toString());
        Files.deleteIfExists(mount);
    }

    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + out.strip()
                    + "): DiskFullIT mounts a small tmpfs and needs to run as root, as .ci/run does");
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    DocumentFixtures f;
    SignedInUser office;
    Path filler;

    @BeforeEach
    void people() {
        f = new DocumentFixtures(mvc, jdbc);
        office = f.user("zjbrc-office-staff");
        filler = mount.resolve("filler-" + UUID.randomUUID());
    }

    @AfterEach
    void freeTheDisk() throws IOException {
        Files.deleteIfExists(filler);
    }

    /** Writes {@link #filler} until the file system refuses another byte. */
    void fillTheDisk() throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left");
        }
        // the last partial block may have left a few bytes: take them too
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(0);
                out.flush();
            }
        } catch (IOException full) {
            // full to the byte
        }
        assertThat(Files.getFileStore(mount).getUsableSpace()).isZero();
    }

    int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }

    /** Every file in the blob directory, with no staged ({@code .tmp}) and no empty file among them. */
    List<Path> blobFiles() throws IOException {
        try (Stream<Path> files = Files.walk(mount.resolve("blobs"))) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            for (Path p : all) {
                assertThat(p.getFileName().toString()).doesNotEndWith(".tmp");
                assertThat(Files.size(p)).as("size of %s", p).isPositive();
            }
            return all;
        }
    }

    @Test
    void anUploadToAFullDiskIsRefusedCleanlyAndWorksOnceThereIsSpace() throws Exception {
        String id = f.draft(
                office, "{\"type\":\"局发文\",\"title\":\"磁盘已满\",\"signer\":\"张局长\",\"to\":[\"ICBC-ZJ\"],\"cc\":[]}");
        int blobRows = count("SELECT count(*) FROM blob");
        List<Path> before = blobFiles();
        fillTheDisk();

        var attachment =
                f.upload(office, "/documents/" + id + "/attachments", "名单.xlsx", new byte[300_000], "POST", null);
        assertThat(attachment.status()).isEqualTo(507);
        assertThat(attachment.<String>json("$.code")).isEqualTo("document.storage-full");
        assertThat(attachment.<String>json("$.detail")).contains("nothing was stored");
        var body = f.upload(office, "/documents/" + id + "/body", "正文.pdf", DocumentFixtures.pdf("full"), "PUT", null);
        assertThat(body.status()).isEqualTo(507);

        assertThat(count("SELECT count(*) FROM document_attachment WHERE document_id = ?", id))
                .isZero();
        assertThat(count("SELECT count(*) FROM document WHERE id = ? AND body_blob IS NULL", id))
                .isOne();
        assertThat(count("SELECT count(*) FROM blob")).isEqualTo(blobRows);
        assertThat(blobFiles()).containsExactlyInAnyOrderElementsOf(before);

        Files.delete(filler);
        assertThat(f.upload(office, "/documents/" + id + "/attachments", "名单.xlsx", new byte[300_000], "POST", null)
                        .status())
                .isEqualTo(201);
        assertThat(count("SELECT count(*) FROM blob")).isEqualTo(blobRows + 1);
    }

    @Test
    void aSendWhenTheDiskIsFullLeavesTheDocumentUnsentAndSendsOnceThereIsSpace() throws Exception {
        String id = f.draft(
                office, "{\"type\":\"局发文\",\"title\":\"磁盘已满时发送\",\"signer\":\"张局长\",\"to\":[\"ICBC-ZJ\"],\"cc\":[]}");
        f.body(office, id, DocumentFixtures.pdf("send on a full disk"));
        assertThat(f.seal(office, id, "ZJBRC-OFFICE").status()).isEqualTo(200);
        String state = jdbc.queryForObject("SELECT state FROM document WHERE id = ?", String.class, id);
        int blobRows = count("SELECT count(*) FROM blob");
        List<Path> before = blobFiles();
        fillTheDisk();

        String key = UUID.randomUUID().toString();
        var send = f.send(office, id, key);
        assertThat(send.status()).isEqualTo(507);
        assertThat(send.<String>json("$.code")).isEqualTo("document.storage-full");
        assertThat(jdbc.queryForObject("SELECT state FROM document WHERE id = ?", String.class, id))
                .isEqualTo(state);
        assertThat(count("SELECT count(*) FROM delivery WHERE document_id = ?", id))
                .isZero();
        assertThat(count("SELECT count(*) FROM document WHERE id = ? AND envelope_blob IS NULL", id))
                .isOne();
        assertThat(count("SELECT count(*) FROM blob")).isEqualTo(blobRows);
        assertThat(blobFiles()).containsExactlyInAnyOrderElementsOf(before);

        Files.delete(filler);
        var retried = f.send(office, id, key);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM delivery WHERE document_id = ?", id))
                .isOne();
    }
}
