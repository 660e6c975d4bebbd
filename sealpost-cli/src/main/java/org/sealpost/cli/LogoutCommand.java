package org.sealpost.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Signs out: revokes the stored token on the server ({@code DELETE /api/v1/me/token}) and deletes
 * {@code $SEALPOST_HOME/credentials.json}. The local file goes even when the server cannot be
 * reached (the token then stays valid until it expires or is revoked in the web UI; this is said).
 */
@Command(
        name = "logout",
        mixinStandardHelpOptions = true,
        description = "Sign out: revoke the stored API token on the server and delete the stored sign-in.")
final class LogoutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> summary = new LinkedHashMap<>();
        if (!java.nio.file.Files.exists(StoredSignIn.file())) {
            summary.put("signedOut", false);
            summary.put("message", "not signed in");
            print(summary, "not signed in (no " + StoredSignIn.file() + ")");
            return 0;
        }
        String revoked;
        try {
            ServerClient.signedIn().delete("/api/v1/me/token");
            revoked = "revoked";
        } catch (CliException.ServerRefused e) {
            // 401/404: the token was already expired or revoked
            revoked = e.status() == 401 || e.status() == 404 ? "already invalid" : "not revoked: " + e.getMessage();
        } catch (CliException e) {
            revoked = "not revoked: " + e.getMessage();
        }
        StoredSignIn.delete();
        summary.put("signedOut", true);
        summary.put("token", revoked);
        print(summary, "signed out; token " + revoked);
        return 0;
    }

    private void print(Map<String, Object> summary, String text) {
        spec.commandLine().getOut().println(json ? Json.write(summary) : text);
    }
}
