package org.sealpost.server.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealpost.server.document.DocumentFixtures.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.SignedInUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Without LibreOffice (configured here by an empty {@code sealpost.documents.office-home}) a DOCX body
 * is refused with {@code document.rejected.converter-unavailable}, in Chinese and English, and nothing
 * is stored; PDF bodies are still accepted.
 */
@SpringBootTest(properties = {"sealpost.demo.enabled=true", "sealpost.documents.office-home="})
@ActiveProfiles("test")
@AutoConfigureMockMvc
class OfficeUnavailableIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aDocxIsRefusedWithAClearMessageWhenLibreOfficeIsAbsent() throws Exception {
        var f = new DocumentFixtures(mvc, jdbc);
        SignedInUser office = f.user("zjbrc-office-staff");
        String id = f.draft(office, "{\"type\":\"BUREAU_OTHER\",\"title\":\"关于报送材料的通知\",\"to\":[\"ICBC-ZJ\"]}");
        byte[] docx = OfficeUploadIT.docx(List.of("各银行业金融机构："));

        var api = f.upload(office, "/documents/" + id + "/body", "通知.docx", docx, "PUT", null);
        assertThat(api.status()).as(api.toString()).isEqualTo(422);
        assertThat(api.<String>json("$.code")).isEqualTo("document.rejected.converter-unavailable");
        assertThat(api.<String>json("$.detail"))
                .contains("LibreOffice is not installed")
                .contains("PDF or OFD");
        assertThat(f.get(office, "/documents/" + id).body()).doesNotContain("bodyName");

        for (String[] lang : new String[][] {
            {"", "服务器未安装 LibreOffice"}, {"?lang=en", "LibreOffice is not installed on the server: upload a PDF or OFD"}
        }) {
            MvcResult web = mvc.perform(multipart("/documents/" + id + "/body" + lang[0])
                            .file(new MockMultipartFile("file", "正文.docx", "application/octet-stream", docx))
                            .with(csrf())
                            .with(as(office)))
                    .andReturn();
            assertThat(web.getResponse().getStatus()).isEqualTo(422);
            assertThat(web.getResponse().getContentAsString(StandardCharsets.UTF_8))
                    .contains(lang[1])
                    .contains("id=\"document-error\"");
        }
        assertThat(jdbc.queryForObject("SELECT body_blob FROM document WHERE id = ?", String.class, id))
                .isNull();

        f.body(office, id, DocumentFixtures.pdf("Notice"));
    }
}
