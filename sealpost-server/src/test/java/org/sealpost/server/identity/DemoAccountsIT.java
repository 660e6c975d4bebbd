package org.sealpost.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sealpost.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** Demo accounts: one per role and unit, idempotent, one password reused on restart, per-account salts. */
@SpringBootTest(
        properties = {"sealpost.demo.enabled=true", "sealpost.demo.accounts-file=target/demo-it/demo-accounts.json"})
@ActiveProfiles("test")
class DemoAccountsIT {

    @Autowired
    DemoAccounts demo;

    @Autowired
    Passwords passwords;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void createsEveryDemoRoleOnceAndKeepsThePasswordOnRestart() throws Exception {
        Path file = Path.of("target/demo-it/demo-accounts.json");
        Files.deleteIfExists(file);
        new TestAccounts(jdbc).standardUnits();

        demo.run(null);
        String json = Files.readString(file);
        int count = jdbc.queryForObject("SELECT count(*) FROM account WHERE demo", Integer.class);
        // the demo units loader runs too: ZJBRC 3, the office 2, every other department 2, every bank 4
        assertThat(count).isEqualTo(expectedDemoAccounts());
        assertThat(json)
                .contains(
                        "{\"username\":\"icbc-zj-a\",\"role\":\"OPERATOR_A\",\"unit\":\"ICBC-ZJ\",\"unitName\":\"中国工商银行浙江省分行\",\"password\":\"")
                .contains("\"zjbrc-sysadmin\"", "\"zjbrc-secadmin\"", "\"zjbrc-auditor\"")
                .contains("\"zjbrc-office-director\"", "\"zjbrc-law-head\"", "\"cmb-hz-leader\"");
        // issue 4: the unit PIN of the unit's certificates, for the people who operate them
        assertThat(json)
                .containsPattern("\\{\"username\":\"icbc-zj-a\",[^}]*\"pin\":\"[0-9]{8}\"[,}]")
                .doesNotContainPattern("\\{\"username\":\"icbc-zj-leader\",[^}]*\"pin\"");
        // issue 4: the custodians of the demo seals; each bank's unit-held seal file
        assertThat(json)
                .containsPattern(
                        "\\{\"username\":\"icbc-zj-a\",[^}]*\"sealId\":\"ICBC-ZJ-[0-9a-f]+\",\"sealPin\":\"[0-9]{8}\"\\}")
                .containsPattern("\\{\"username\":\"zjbrc-office-staff\",[^}]*\"sealId\":\"ZJBRC-OFFICE-[0-9a-f]+\"");
        assertThat(Path.of("target/demo-it/demo-seals/ICBC-ZJ.p12")).exists();
        String password = password(json);
        var hashes = jdbc.queryForList("SELECT password_hash FROM account WHERE demo", String.class);
        assertThat(hashes).doesNotHaveDuplicates();
        assertThat(hashes).allMatch(h -> passwords.matches(password, h));
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM account WHERE demo AND must_change_password", Integer.class))
                .isZero();

        demo.run(null);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM account WHERE demo", Integer.class))
                .isEqualTo(count);
        assertThat(password(Files.readString(file))).isEqualTo(password);

        Files.delete(file);
        demo.run(null);
        String regenerated = password(Files.readString(file));
        assertThat(regenerated).isNotEqualTo(password);
        assertThat(jdbc.queryForList("SELECT password_hash FROM account WHERE demo", String.class))
                .allMatch(h -> passwords.matches(regenerated, h));
    }

    private int expectedDemoAccounts() {
        int departments = jdbc.queryForObject(
                "SELECT count(*) FROM unit WHERE category = 'REGULATOR_DEPT' AND code <> 'ZJBRC-OFFICE'",
                Integer.class);
        int banks = jdbc.queryForObject(
                "SELECT count(*) FROM unit WHERE category NOT IN ('REGULATOR', 'REGULATOR_DEPT')", Integer.class);
        return 3 + 2 + 2 * departments + 4 * banks;
    }

    private static String password(String json) {
        Matcher m = Pattern.compile("\"password\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
