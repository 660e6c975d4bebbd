package org.sealpost.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * Signs in to a SealPost server and stores the sign-in under {@code $SEALPOST_HOME}
 * ({@link StoredSignIn}). With a password (asked without echo when not given; read from standard
 * input when there is no console) it calls {@code POST /api/v1/sign-in}, which applies the web
 * sign-in's rules and answers a new API token; with {@code --token} an existing token from the web
 * UI is checked against {@code GET /api/v1/me} and stored. The password is never stored.
 */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Sign in to a SealPost server; the sign-in is kept in $SEALPOST_HOME/credentials.json"
                    + " (default ~/.sealpost).",
            "Either --user NAME (password asked when not given, TOTP code with --totp where enrolled)"
                    + " or --token spt_... made under My API tokens in the web UI."
        })
final class LoginCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, description = "server URL, e.g. https://sealpost.example.cn")
    String server;

    @Option(names = "--user", description = "username")
    String user;

    @Option(names = "--password", arity = "1", description = "password (asked without echo when not given)")
    char[] password;

    @Option(names = "--totp", description = "current code of your authenticator app, where one is enrolled")
    String totp;

    @Option(names = "--token", description = "an existing API token (spt_...) instead of a password")
    String token;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ServerClient client = ServerClient.anonymous(server);
        StoredSignIn signIn;
        if (token != null) {
            if (password != null || totp != null) {
                throw new CliException("--token replaces --password and --totp: give either");
            }
            signIn = withToken(client);
        } else {
            if (user == null || user.isBlank()) {
                throw new CliException("give --user NAME (or --token TOKEN)");
            }
            signIn = withPassword(client);
        }
        signIn.save();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("server", signIn.server());
        summary.put("username", signIn.username());
        summary.put("unit", signIn.unit());
        summary.put("expiresAt", signIn.expiresAt());
        summary.put("credentials", StoredSignIn.file().toString());
        Output.print(
                spec,
                json,
                summary,
                out -> out.println("signed in to " + signIn.server() + " as " + signIn.username() + " ("
                        + signIn.unit() + ")"
                        + (signIn.expiresAt() == null ? "" : ", until " + signIn.expiresAt())
                        + "; kept in "
                        + StoredSignIn.file()));
        return 0;
    }

    private StoredSignIn withToken(ServerClient client) throws CliException {
        String value = token.strip();
        if (!value.startsWith("spt_")) {
            throw new CliException("an API token starts with spt_ (make one under My API tokens in the web UI)");
        }
        JsonNode me;
        try {
            me = client.withToken(value).get("/api/v1/me");
        } catch (CliException.ServerRefused e) {
            if (e.status() == 401) {
                throw new CliException("sign-in refused: " + client.base()
                        + " does not accept this token (unknown, expired or revoked)");
            }
            throw e;
        }
        String username = me.path("username").asString(null);
        if (username == null) {
            throw new CliException(client.base() + "/api/v1/me did not say whose token this is");
        }
        if (user != null && !user.strip().equals(username)) {
            throw new CliException("the token belongs to " + username + ", not " + user.strip());
        }
        return new StoredSignIn(
                client.base().toString(), username, me.path("unit").asString(null), value, null);
    }

    private StoredSignIn withPassword(ServerClient client) throws CliException {
        char[] secret = password != null ? password.clone() : askPassword();
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("username", user.strip());
            body.put("password", new String(secret));
            if (totp != null && !totp.isBlank()) {
                body.put("totp", totp.strip());
            }
            JsonNode answer = client.post("/api/v1/sign-in", body);
            String value = answer.path("token").asString(null);
            if (value == null || !value.startsWith("spt_")) {
                throw new CliException(client.base() + "/api/v1/sign-in answered no token");
            }
            return new StoredSignIn(
                    client.base().toString(),
                    answer.path("username").asString(user.strip()),
                    answer.path("unit").asString(null),
                    value,
                    answer.path("expiresAt").asString(null));
        } catch (CliException.ServerRefused e) {
            if ("totp-required".equals(e.code())) {
                throw new CliException(
                        "this account needs a one-time code: add --totp CODE from your authenticator app");
            }
            throw e;
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** From the console without echo; from standard input when there is no console (scripts). */
    private char[] askPassword() throws CliException {
        Console console = System.console();
        if (console != null) {
            char[] entered = console.readPassword("Password for %s: ", user.strip());
            if (entered == null || entered.length == 0) {
                throw new CliException("no password entered");
            }
            return entered;
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new CliException("no password given (--password, the console, or one line on standard input)");
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw new CliException("cannot read the password from standard input: " + e.getMessage());
        }
    }
}
