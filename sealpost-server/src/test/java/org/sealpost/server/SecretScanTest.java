package org.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY.md K09: no keys in the repository. Every committed file ({@code git ls-files}) is
 * scanned: private keys (PEM), key stores, key/PIN files and API tokens may appear only in files
 * whose name says {@code TEST-ONLY} (the committed test vectors); the production profile refuses
 * such keys and a CA named so ({@code ProductionStartRefusalIT}).
 */
class SecretScanTest {

    private static final Pattern PRIVATE_KEY =
            Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----|-----BEGIN " + "OPENSSH PRIVATE KEY-----");
    private static final Pattern API_TOKEN = Pattern.compile("spt_[A-Za-z0-9_-]{43}");
    private static final Set<String> KEY_STORE_EXTENSIONS = Set.of("p12", "pfx", "jks", "jceks", "bks", "keystore");
    private static final Set<String> KEY_FILE_NAMES =
            Set.of("master.key", "blob.key", "ca.pin", "demo-pins.properties");

    @Test
    void committedFilesHoldNoKeysExceptTestOnlyFixtures() throws Exception {
        Path root = repositoryRoot();
        Process git = new ProcessBuilder("git", "ls-files", "-z")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as("git ls-files: %s", out).isZero();
        List<String> files = List.of(out.split("\0"));
        assertThat(files).as("files listed").hasSizeGreaterThan(100);
        assertThat(findings(root, files)).isEmpty();
    }

    @Test
    void theScanFindsPlantedKeysAndTokens(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("server.pem"), "x\n-----BEGIN " + "EC PRIVATE KEY-----\nMHc=\n");
        Files.writeString(dir.resolve("Config.java"), "String t = \"spt_" + "a".repeat(43) + "\";");
        Files.write(dir.resolve("unit.p12"), new byte[] {0x30, (byte) 0x82});
        Files.writeString(dir.resolve("master.key"), "k");
        Files.writeString(dir.resolve("TEST-ONLY-sender.pem"), "-----BEGIN " + "PRIVATE KEY-----\nMIG=\n");
        Files.writeString(dir.resolve("README.md"), "tokens look like spt_… (43 characters)");
        assertThat(findings(
                        dir,
                        List.of(
                                "server.pem",
                                "Config.java",
                                "unit.p12",
                                "master.key",
                                "TEST-ONLY-sender.pem",
                                "README.md")))
                .containsExactlyInAnyOrder(
                        "server.pem: private key",
                        "Config.java: API token",
                        "unit.p12: key store",
                        "master.key: key file");
    }

    static List<String> findings(Path root, List<String> files) throws IOException {
        List<String> found = new ArrayList<>();
        for (String file : files) {
            if (file.isEmpty()) {
                continue;
            }
            String name = file.substring(file.lastIndexOf('/') + 1);
            if (name.toUpperCase(Locale.ROOT).contains("TEST-ONLY")) {
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            String ext = lower.contains(".") ? lower.substring(lower.lastIndexOf('.') + 1) : "";
            if (KEY_STORE_EXTENSIONS.contains(ext)) {
                found.add(file + ": key store");
                continue;
            }
            if (KEY_FILE_NAMES.contains(lower)) {
                found.add(file + ": key file");
                continue;
            }
            Path path = root.resolve(file);
            if (!Files.isRegularFile(path) || Files.size(path) > 20_000_000) {
                continue;
            }
            String text = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
            if (PRIVATE_KEY.matcher(text).find()) {
                found.add(file + ": private key");
            }
            if (API_TOKEN.matcher(text).find()) {
                found.add(file + ": API token");
            }
        }
        return found;
    }

    private static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.exists(p.resolve("mvnw")) && Files.exists(p.resolve(".git")))) {
            p = p.getParent();
        }
        assertThat(p)
                .as("repository root above %s", Path.of("").toAbsolutePath())
                .isNotNull();
        return p;
    }
}
