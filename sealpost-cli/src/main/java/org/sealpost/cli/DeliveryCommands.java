package org.sealpost.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sealpost.core.envelope.EnvelopeHeader;
import org.sealpost.core.envelope.EnvelopeReader;
import org.sealpost.core.envelope.SenderCheck;
import org.sealpost.core.pki.CertificateAuthority;
import org.sealpost.core.pki.CertificateVerifier;
import org.sealpost.core.statement.Statement;
import org.sealpost.core.statement.StatementSigner;
import org.sealpost.core.token.Token;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * The recipient side over the REST API (issue 6): {@code inbox}, {@code show}, {@code sign},
 * {@code return}, {@code download}. With {@code --key UNIT.p12} (end-to-end mode) {@code sign} and
 * {@code download} fetch the raw envelope, check the sender against the server's CA and CRL, open it
 * with the unit's own key on this machine, and {@code sign} posts a receipt signed here: the server
 * never handles the plaintext or the key.
 */
final class DeliveryCommands {

    private DeliveryCommands() {}

    @Command(
            name = "inbox",
            mixinStandardHelpOptions = true,
            description = "List your unit's deliveries: extra-urgent and urgent first, newest first.")
    static final class Inbox implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--status", description = "only this state: delivered, signed, returned, …")
        String status;

        @Option(names = "--limit", defaultValue = "50", description = "at most this many (≤ 200)")
        int limit;

        @Option(names = "--json", description = "print JSON: [{id, documentId, title, state, urgency, …}]")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ServerClient server = ServerClient.signedIn();
            String query = "?limit=" + limit
                    + (status == null || status.isBlank() ? "" : "&status=" + ServerClient.encode(status.strip()));
            JsonNode page = server.get("/api/v1/inbox" + query);
            List<Map<String, Object>> items = new ArrayList<>();
            for (JsonNode i : page.path("items")) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", i.path("id").asLong());
                row.put("documentId", i.path("documentId").asString(""));
                row.put("title", i.path("title").asString(""));
                row.put("state", i.path("state").asString(""));
                row.put("urgency", i.path("urgency").asString(""));
                row.put("sender", i.path("sender").asString(""));
                row.put("type", i.path("type").asString(""));
                row.put("docNo", i.path("docNo").asString(null));
                row.put("deliveredAt", i.path("deliveredAt").asString(null));
                row.put("dueAt", i.path("dueAt").asString(null));
                row.put("read", i.path("read").asBoolean());
                items.add(row);
            }
            Output.print(spec, json, items, out -> {
                out.println(page.path("total").asLong() + " deliveries, "
                        + page.path("unread").asLong() + " unread, "
                        + page.path("overdue").asLong() + " overdue");
                for (Map<String, Object> row : items) {
                    out.println(String.format(
                            "%-8s %-12s %-10s %s%s  (%s)",
                            row.get("id"),
                            row.get("state"),
                            row.get("urgency"),
                            Boolean.TRUE.equals(row.get("read")) ? "" : "* ",
                            row.get("title"),
                            row.get("sender")));
                }
            });
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one delivery: metadata, state, files.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "delivery id")
        long id;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            JsonNode d = ServerClient.signedIn().get("/api/v1/deliveries/" + id);
            Output.print(spec, json, d, out -> describe(d, out));
            return 0;
        }

        private static void describe(JsonNode d, PrintWriter out) {
            out.println("delivery " + d.path("id").asLong() + "  "
                    + d.path("state").asString("") + "  " + d.path("urgency").asString(""));
            out.println("title:     " + d.path("title").asString(""));
            out.println("document:  " + d.path("documentId").asString("") + "  "
                    + d.path("docNo").asString(""));
            out.println("from:      " + d.path("sender").asString("") + " "
                    + d.path("senderName").asString(""));
            out.println("delivered: " + d.path("deliveredAt").asString(""));
            if (!d.path("signedAt").isMissingNode() && !d.path("signedAt").isNull()) {
                out.println("signed:    " + d.path("signedAt").asString("") + " by "
                        + d.path("signedBy").asString(""));
            }
            out.println("body:      " + d.path("body").path("name").asString("") + " ("
                    + d.path("body").path("size").asLong() + " bytes)");
            for (JsonNode a : d.path("attachments")) {
                out.println("attachment " + a.path("index").asInt() + ": "
                        + a.path("name").asString("") + " (" + a.path("size").asLong() + " bytes)");
            }
        }
    }

    @Command(
            name = "sign",
            mixinStandardHelpOptions = true,
            description = "Sign for a delivery (签收): with the unit key PIN on the server, or with --key locally.")
    static final class Sign implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "delivery id")
        long id;

        @Option(names = "--pin", arity = "1", description = "unit key PIN (or the PIN of --key); asked when not given")
        char[] pin;

        @Option(names = "--key", description = "the unit's PKCS#12 file: verify and sign the receipt on this machine")
        Path key;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ServerClient server = ServerClient.signedIn();
            JsonNode receipt;
            if (key == null) {
                receipt = Pins.withUnitKeyPin(
                        pin, p -> server.post("/api/v1/deliveries/" + id + "/sign", Map.of("pin", p)));
            } else {
                receipt = signLocally(server);
            }
            Output.print(
                    spec,
                    json,
                    receipt,
                    out -> out.println("signed for delivery " + id + " at "
                            + receipt.path("signedAt").asString("")
                            + (receipt.path("replayed").asBoolean() ? " (already signed: the stored receipt)" : "")
                            + (receipt.path("endToEnd").asBoolean() ? " (receipt signed locally)" : "")));
            return 0;
        }

        private JsonNode signLocally(ServerClient server) throws Exception {
            Path envelope = Files.createTempFile("sealpost-envelope", ".spenv");
            try {
                server.download("/api/v1/deliveries/" + id + "/envelope", envelope);
                try (Token token = KeyFiles.openToken(key, pin, "PIN for " + key.getFileName(), new SecureRandom())) {
                    EnvelopeHeader header;
                    try (InputStream in = Files.newInputStream(envelope)) {
                        // every file decrypted and checked, nothing kept: the receipt says what arrived
                        header = new EnvelopeReader(senderCheck(server))
                                .open(in, token, OutputStream.nullOutputStream());
                    }
                    String unit = CertificateAuthority.unitCodeOf(token.signingCertificate())
                            .orElseThrow(() -> new CliException(key + " holds no unit certificate"));
                    byte[] der = new StatementSigner()
                            .sign(
                                    Statement.receipt(
                                            header.manifest().documentId(), header.digest(), unit, Instant.now()),
                                    token);
                    return server.post(
                            "/api/v1/deliveries/" + id + "/receipt",
                            Map.of("receipt", Base64.getEncoder().encodeToString(der)));
                }
            } finally {
                Files.deleteIfExists(envelope);
            }
        }
    }

    @Command(
            name = "return",
            mixinStandardHelpOptions = true,
            description = "Return a delivery (退回) with a reason, signed with the unit key.")
    static final class Return implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "delivery id")
        long id;

        @Option(names = "--reason", required = true, description = "why it is returned (mandatory)")
        String reason;

        @Option(names = "--pin", arity = "1", description = "unit key PIN (asked when not given)")
        char[] pin;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (reason == null || reason.isBlank()) {
                throw new CliException("--reason is mandatory: say why the document is returned");
            }
            ServerClient server = ServerClient.signedIn();
            JsonNode returned = Pins.withUnitKeyPin(
                    pin, p -> server.post("/api/v1/deliveries/" + id + "/return", Map.of("reason", reason, "pin", p)));
            Output.print(
                    spec,
                    json,
                    returned,
                    out -> out.println("returned delivery " + id + ": "
                            + returned.path("reason").asString("")));
            return 0;
        }
    }

    @Command(
            name = "download",
            mixinStandardHelpOptions = true,
            description = "De-sealed download (脱密下载) after signing for it; with --key: the document as sent,"
                    + " decrypted on this machine.")
    static final class Download implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "delivery id")
        long id;

        @Option(names = "--out", required = true, description = "file to write (must not exist)")
        Path out;

        @Option(names = "--attachment", description = "attachment number (from 1) instead of the body")
        Integer attachment;

        @Option(names = "--pin", arity = "1", description = "unit key PIN (or the PIN of --key); asked when not given")
        char[] pin;

        @Option(names = "--key", description = "the unit's PKCS#12 file: decrypt here (end-to-end mode)")
        Path key;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            KeyFiles.refuseExisting(out);
            ServerClient server = ServerClient.signedIn();
            long bytes;
            if (key == null) {
                bytes = Pins.withUnitKeyPin(
                        pin,
                        p -> server.download(
                                "/api/v1/deliveries/" + id + "/download"
                                        + (attachment == null ? "" : "?attachment=" + attachment),
                                out,
                                Map.of("X-Unit-Pin", p)));
            } else {
                bytes = openLocally(server);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("delivery", id);
            result.put("file", out.toString());
            result.put("bytes", bytes);
            result.put("endToEnd", key != null);
            Output.print(spec, json, result, o -> o.println("wrote " + out + " (" + bytes + " bytes)"));
            return 0;
        }

        private long openLocally(ServerClient server) throws Exception {
            Path envelope = Files.createTempFile("sealpost-envelope", ".spenv");
            try {
                server.download("/api/v1/deliveries/" + id + "/envelope", envelope);
                int wanted = attachment == null ? 0 : attachment;
                Path dir = out.toAbsolutePath().getParent();
                Path temp = Files.createTempFile(dir, ".sealpost-", ".part");
                boolean done = false;
                try (Token token = KeyFiles.openToken(key, pin, "PIN for " + key.getFileName(), new SecureRandom());
                        InputStream in = Files.newInputStream(envelope);
                        OutputStream target = Files.newOutputStream(temp)) {
                    int[] index = {0};
                    EnvelopeHeader header = new EnvelopeReader(senderCheck(server)).open(in, token, entry -> {
                        boolean mine = index[0]++ == wanted;
                        return mine
                                ? new java.io.FilterOutputStream(target) {
                                    @Override
                                    public void write(byte[] b, int off, int len) throws IOException {
                                        out.write(b, off, len);
                                    }

                                    @Override
                                    public void close() throws IOException {
                                        flush();
                                    }
                                }
                                : OutputStream.nullOutputStream();
                    });
                    if (wanted >= header.manifest().entries().size()) {
                        throw new CliException("the document has "
                                + (header.manifest().entries().size() - 1) + " attachment(s)");
                    }
                    done = true;
                } finally {
                    if (!done) {
                        Files.deleteIfExists(temp);
                    }
                }
                Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
                return Files.size(out);
            } finally {
                Files.deleteIfExists(envelope);
            }
        }
    }

    /** The sender's certificate checked against the server's CA and current CRL. */
    static SenderCheck senderCheck(ServerClient server) throws IOException, CliException {
        ServerPki pki = new ServerPki(server.base().toString());
        return SenderCheck.verifiedBy(
                new CertificateVerifier(pki.caCertificates(), List.of(pki.crl()), true, java.time.Clock.systemUTC()));
    }
}
