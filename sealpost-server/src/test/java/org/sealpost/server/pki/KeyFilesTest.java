package org.sealpost.server.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master key and CA PIN files: created owner-only when allowed, else the server refuses to start. */
class KeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void productionRefusesToStartWithoutTheMasterKey() {
        Path file = dir.resolve("master.key");
        assertThatThrownBy(() -> PkiConfig.secretFile(file, false, new SecureRandom(), 32, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Missing key file")
                .hasMessageContaining("docs/operations.md");
        assertThat(file).doesNotExist();
    }

    @Test
    void demoCreatesTheKeyOnceWithOwnerOnlyPermissions() throws Exception {
        Path file = dir.resolve("keys/master.key");
        byte[] first = PkiConfig.secretFile(file, true, new SecureRandom(), 32, false);
        assertThat(first).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PkiConfig.secretFile(file, true, new SecureRandom(), 32, false))
                .isEqualTo(first);
        byte[] pin = PkiConfig.secretFile(dir.resolve("ca.pin"), true, new SecureRandom(), 24, true);
        assertThat(new String(pin, java.nio.charset.StandardCharsets.US_ASCII)).matches("[A-Za-z0-9_-]{32}");
    }
}
