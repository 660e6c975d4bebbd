package org.sealpost.server.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.sealpost.server.access.SignedInUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * R03: parallel edits of one draft through the REST API — each PATCH changes a different field,
 * while attachments are added — all land: every field holds its new value, every attachment is
 * there with its own number, and the version counts every edit. (Before edits took the document's
 * row lock, a PATCH wrote back the fields it had read, overwriting a parallel PATCH's change.)
 */
@SpringBootTest(properties = "sealpost.demo.enabled=true")
@ActiveProfiles("test")
@AutoConfigureMockMvc
class ConcurrentEditsIT {

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

    @RepeatedTest(3)
    void parallelEditsOfOneDraftAllLand() throws Exception {
        String id = f.draft(office, "{\"type\":\"局发文\",\"title\":\"原标题\",\"to\":[\"ICBC-ZJ\"],\"cc\":[]}");
        long version = jdbc.queryForObject("SELECT version FROM document WHERE id = ?", Long.class, id);
        List<String> patches = List.of(
                "{\"title\":\"新标题\"}",
                "{\"notes\":\"请按时签收\"}",
                "{\"signer\":\"张局长\"}",
                "{\"urgency\":\"EXTRA_URGENT\"}",
                "{\"printCopies\":7}",
                "{\"paperFollows\":true}",
                "{\"docDate\":\"2026-11-20\"}",
                "{\"cc\":[\"HZB\"]}");
        int attachments = 6;
        ExecutorService pool = Executors.newFixedThreadPool(patches.size() + attachments);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<DocumentFixtures.Answer>> calls = new ArrayList<>();
        try {
            for (String patch : patches) {
                calls.add(CompletableFuture.supplyAsync(
                        () -> {
                            await(start);
                            return unchecked(() -> f.call(office, HttpMethod.PATCH, "/documents/" + id, patch));
                        },
                        pool));
            }
            for (int i = 1; i <= attachments; i++) {
                String name = "附件" + i + ".txt";
                byte[] content = ("attachment " + i).getBytes();
                calls.add(CompletableFuture.supplyAsync(
                        () -> {
                            await(start);
                            return unchecked(() ->
                                    f.upload(office, "/documents/" + id + "/attachments", name, content, "POST", null));
                        },
                        pool));
            }
            start.countDown();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        for (var call : calls) {
            assertThat(call.get().status()).as(call.get().toString()).isIn(200, 201);
        }

        Map<String, Object> row = jdbc.queryForMap(
                "SELECT title, notes, signer, urgency, print_copies, paper_follows, doc_date, version FROM document WHERE id = ?",
                id);
        assertThat(row.get("title")).isEqualTo("新标题");
        assertThat(row.get("notes")).isEqualTo("请按时签收");
        assertThat(row.get("signer")).isEqualTo("张局长");
        assertThat(row.get("urgency")).isEqualTo("EXTRA_URGENT");
        assertThat(((Number) row.get("print_copies")).intValue()).isEqualTo(7);
        assertThat(row.get("paper_follows")).isEqualTo(true);
        assertThat(row.get("doc_date").toString()).startsWith("2026-11-20");
        assertThat(((Number) row.get("version")).longValue())
                .isGreaterThanOrEqualTo(version + patches.size() + attachments);
        assertThat(f.get(office, "/documents/" + id + "/scope").<List<String>>json("$.cc[*].code"))
                .containsExactly("HZB");
        assertThat(jdbc.queryForList(
                        "SELECT seq FROM document_attachment WHERE document_id = ? ORDER BY seq", Integer.class, id))
                .containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(jdbc.queryForList(
                        "SELECT file_name FROM document_attachment WHERE document_id = ?", String.class, id))
                .containsExactlyInAnyOrder("附件1.txt", "附件2.txt", "附件3.txt", "附件4.txt", "附件5.txt", "附件6.txt");
    }

    interface Call<T> {
        T run() throws Exception;
    }

    static <T> T unchecked(Call<T> call) {
        try {
            return call.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
