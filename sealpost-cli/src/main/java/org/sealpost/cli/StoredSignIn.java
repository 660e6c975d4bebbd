package org.sealpost.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The sign-in {@code sealpost login} keeps: {@code $SEALPOST_HOME/credentials.json} (default
 * {@code ~/.sealpost}), written with mode 0600 in a 0700 directory where the file system has POSIX
 * permissions. Scripts that need several sign-ins side by side use different {@code SEALPOST_HOME}
 * values. The file holds the API token, never the password.
 *
 * @param server the server's base URL, e.g. {@code https://sealpost.example.cn}
 * @param username the account the token belongs to
 * @param unit the account's unit code
 * @param token the bearer token ({@code spt_…})
 * @param expiresAt when the token expires (ISO-8601), or null when not known (a token given with
 *     {@code --token})
 */
record StoredSignIn(String server, String username, String unit, String token, String expiresAt) {

    static final String FILE_NAME = "credentials.json";

    /** {@code $SEALPOST_HOME}, else {@code ~/.sealpost}. */
    static Path home() {
        String configured = System.getenv("SEALPOST_HOME");
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".sealpost");
    }

    static Path file() {
        return home().resolve(FILE_NAME);
    }

    /** The stored sign-in; refuses with a one-line reason when there is none or it is unreadable. */
    static StoredSignIn load() throws CliException {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            throw new CliException("not signed in (no " + file + "): run sealpost login --server URL --user NAME");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
        JsonNode json = Json.read(text, file.toString());
        StoredSignIn signIn = new StoredSignIn(
                json.path("server").asString(null),
                json.path("username").asString(null),
                json.path("unit").asString(null),
                json.path("token").asString(null),
                json.path("expiresAt").asString(null));
        if (signIn.server() == null || signIn.token() == null) {
            throw new CliException(file + " has no server or token: run sealpost login again");
        }
        return signIn;
    }

    /** Writes the file atomically (a temporary file with mode 0600, then a rename). */
    void save() throws CliException {
        Path home = home();
        Path file = home.resolve(FILE_NAME);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("server", server);
        json.put("username", username);
        json.put("unit", unit);
        json.put("token", token);
        json.put("expiresAt", expiresAt);
        try {
            boolean posix = Files.getFileStore(existingAncestor(home)).supportsFileAttributeView("posix");
            if (!Files.isDirectory(home)) {
                if (posix) {
                    Files.createDirectories(
                            home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(home);
                }
            }
            Path temp = posix
                    ? Files.createTempFile(
                            home,
                            ".credentials",
                            ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(home, ".credentials", ".tmp");
            try {
                Files.writeString(temp, Json.write(json) + "\n", StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Removes the stored sign-in; false when there was none. */
    static boolean delete() throws CliException {
        Path file = file();
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CliException("cannot delete " + file + ": " + e.getMessage());
        }
    }

    private static Path existingAncestor(Path path) {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? Path.of(".").toAbsolutePath() : p;
    }
}
