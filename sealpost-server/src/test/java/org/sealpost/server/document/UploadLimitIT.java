package org.sealpost.server.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.identity.ApiTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * An upload over Spring's multipart limit (set small here) through the real servlet container:
 * 413 problem+json stating the limit on the API, the compose page re-rendered with the limit on the
 * web (not the generic error page), and nothing stored.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sealpost.demo.enabled=true",
            "sealpost.demo.password=" + UploadLimitIT.PASSWORD,
            "spring.servlet.multipart.max-file-size=64KB",
            "spring.servlet.multipart.max-request-size=96KB"
        })
@ActiveProfiles("test")
@AutoConfigureMockMvc
class UploadLimitIT {

    static final String PASSWORD = "Demo-Limit-2026!x";
    static final String BOUNDARY = "----sealpost-limit-boundary";

    @LocalServerPort
    int port;

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiTokens tokens;

    final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Test
    void anUploadOverTheMultipartLimitIsAnswered413WithTheLimitOnTheApiAndTheComposePage() throws Exception {
        var f = new DocumentFixtures(mvc, jdbc);
        SignedInUser office = f.user("zjbrc-office-staff");
        String id = f.draft(office, "{\"type\":\"BUREAU_OTHER\",\"title\":\"关于报送材料的通知\",\"to\":[\"ICBC-ZJ\"]}");
        byte[] big = new byte[200 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');

        String token =
                tokens.create(office, "limit", Duration.ofDays(1)).value().reveal();
        HttpResponse<String> api = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/v1/documents/" + id + "/body"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                        .header("Accept", "application/problem+json, application/json")
                        .method("PUT", HttpRequest.BodyPublishers.ofByteArray(multipart(null, "正文.pdf", big)))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(api.statusCode()).as(api.body()).isEqualTo(413);
        assertThat(api.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(api.body())
                .contains("\"code\":\"document.too-large\"")
                .contains("64 KB per file", "96 KB per request");

        // the web: signed in with a session; the form's CSRF token also goes as a header, as document.js sends it
        String login = http.send(
                        HttpRequest.newBuilder(URI.create(base() + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        HttpResponse<String> signedIn = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=zjbrc-office-staff&password=" + PASSWORD
                                + "&_csrf=" + java.net.URLEncoder.encode(csrf(login), StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        String compose = http.send(
                        HttpRequest.newBuilder(URI.create(base() + "/documents/" + id))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        String csrf = csrf(compose);
        for (String[] lang : new String[][] {{"", "文件超过上传大小限制"}, {"?lang=en", "The file exceeds the upload limit"}}) {
            HttpResponse<String> web = http.send(
                    HttpRequest.newBuilder(URI.create(base() + "/documents/" + id + "/body" + lang[0]))
                            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                            .header("X-CSRF-TOKEN", csrf)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(csrf, "正文.pdf", big)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(web.statusCode()).as(web.body()).isEqualTo(413);
            assertThat(web.body())
                    .contains("id=\"document-error\"", lang[1], "64 KB per file")
                    .contains("id=\"body-form\"");
        }
        assertThat(jdbc.queryForObject("SELECT body_blob FROM document WHERE id = ?", String.class, id))
                .isNull();
    }

    String base() {
        return "http://localhost:" + port;
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a CSRF token in the page").isTrue();
        return m.group(1);
    }

    static byte[] multipart(String csrf, String fileName, byte[] content) throws Exception {
        var out = new ByteArrayOutputStream();
        if (csrf != null) {
            out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/pdf\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
