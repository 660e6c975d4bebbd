package org.sealpost.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sealpost.server.SealPostApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;

/**
 * SECURITY.md K09: the production profile refuses to start with a test CA or demo settings. The
 * server is really started (H2 in memory, own key files) and must fail with a message naming each
 * reason; the settings check itself is also tried one by one.
 */
class ProductionStartRefusalIT {

    @Test
    void productionProfileWithTheTestCaAndDemoAccountsRefusesToStart() throws Exception {
        Path dir = Files.createTempDirectory("sealpost-refusal");
        assertThatThrownBy(() -> new SpringApplicationBuilder(SealPostApplication.class)
                        .profiles("prod")
                        // command-line arguments: they override application.yml (builder properties would not)
                        .run(
                                "--server.port=0",
                                "--spring.datasource.url=jdbc:h2:mem:refusal-" + System.nanoTime()
                                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                                "--sealpost.audit.checkpoint-check=PT100H",
                                "--sealpost.keys.pin-iterations=1000",
                                // the key files must exist in production: these are made by hand here
                                "--sealpost.keys.master-key-file=" + key(dir, "master.key", 32),
                                "--sealpost.keys.ca-pin-file=" + pin(dir),
                                "--sealpost.blobs.key-file=" + key(dir, "blob.key", 16),
                                "--sealpost.blobs.dir=" + dir.resolve("blobs"),
                                "--sealpost.keys.ca-name=TEST-ONLY SealPost CA",
                                "--sealpost.demo.enabled=true",
                                "--sealpost.demo.accounts-file=" + dir.resolve("demo-accounts.json"))
                        .close())
                .hasStackTraceContaining("Refusing to start with the production profile")
                .hasStackTraceContaining("the system CA is a test CA")
                .hasStackTraceContaining("demo accounts (sealpost.demo.enabled=true)");
        assertThat(dir.resolve("demo-accounts.json")).doesNotExist();
    }

    @Test
    void everyDemoOrTestSettingIsNamed() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("sealpost.keys.create-if-missing", "true")
                .withProperty("debug", "true")
                .withProperty("spring.h2.console.enabled", "true")
                .withProperty("springdoc.swagger-ui.enabled", "true")
                .withProperty("sealpost.keys.master-key-file", "target/test-keys/master.key")
                .withProperty("sealpost.blobs.key-file", "keys/TEST-ONLY-blob.key");
        env.setActiveProfiles("prod", "test");
        assertThat(ProductionGuard.problems(env))
                .containsExactlyInAnyOrder(
                        "profile 'test' is active",
                        "key files would be created on the fly (sealpost.keys.create-if-missing=true)",
                        "debug mode (debug=true)",
                        "the H2 console (spring.h2.console.enabled=true)",
                        "Swagger UI (springdoc.swagger-ui.enabled=true)",
                        "sealpost.keys.master-key-file points at a test key (target/test-keys/master.key)",
                        "sealpost.blobs.key-file points at a test key (keys/TEST-ONLY-blob.key)");
        MockEnvironment clean =
                new MockEnvironment().withProperty("sealpost.keys.master-key-file", "/etc/sealpost/master.key");
        clean.setActiveProfiles("prod");
        assertThat(ProductionGuard.problems(clean)).isEmpty();
    }

    private static Path key(Path dir, String name, int size) throws Exception {
        byte[] bytes = new byte[size];
        new java.security.SecureRandom().nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    private static Path pin(Path dir) throws Exception {
        return Files.writeString(dir.resolve("ca.pin"), "pin-for-the-refusal-test-" + System.nanoTime());
    }
}
