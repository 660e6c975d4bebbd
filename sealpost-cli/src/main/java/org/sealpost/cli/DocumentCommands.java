package org.sealpost.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * The sending commands over the REST API ({@code /api/v1/documents}, issue 5): {@code send},
 * {@code status}, {@code approve}, {@code reject}, {@code recall}, {@code void} and {@code types}.
 * Each prints a line for people or, with {@code --json}, the contract's JSON; a refusal is one line
 * on standard error and a non-zero exit.
 */
final class DocumentCommands {

    private DocumentCommands() {}

    static String path(String id) {
        return "/api/v1/documents/" + ServerClient.encode(id.strip());
    }

    @Command(
            name = "send",
            mixinStandardHelpOptions = true,
            description = "Send a document: draft, body, attachments, seal, send in one step (prints the document id).")
    static final class Send implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the body, PDF or OFD")
        Path file;

        @Option(names = "--document", description = "send an existing (approved or sealed) draft instead of FILE")
        String document;

        @Option(names = "--title")
        String title;

        @Option(names = "--doc-no", description = "document number (发文字号); allocated when left out")
        String docNo;

        @Option(names = "--type", description = "a type code or its Chinese name (see `sealpost types`)")
        String type;

        @Option(names = "--urgency", defaultValue = "normal", description = "normal, urgent or extra-urgent")
        String urgency;

        @Option(names = "--to", arity = "1..*", description = "main recipients: unit codes, group codes or categories")
        List<String> to = new ArrayList<>();

        @Option(names = "--cc", arity = "1..*", description = "copy recipients")
        List<String> cc = new ArrayList<>();

        @Option(names = "--print-copies", defaultValue = "3")
        int printCopies;

        @Option(names = "--print-success", defaultValue = "1")
        int printSuccess;

        @Option(names = "--note", description = "附注")
        String note;

        @Option(names = "--signer", description = "签发人, for types that need one")
        String signer;

        @Option(names = "--attach", arity = "1..*", description = "attachment files")
        List<Path> attachments = new ArrayList<>();

        @Option(names = "--seal", description = "the seal id (its custodian only)")
        String seal;

        @Option(names = "--seal-pin", description = "the seal PIN")
        String sealPin;

        @Option(names = "--pin", description = "the unit key PIN: the envelope is signed with the unit's key")
        String pin;

        @Option(names = "--no-text-confirmed", description = "the body is a scan without text and carries no marking")
        boolean noTextConfirmed;

        @Option(names = "--json", description = "print {\"id\":…,\"deliveries\":N}")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ServerClient server = ServerClient.signedIn();
            String id = document;
            if (id == null) {
                if (file == null || title == null || type == null || to.isEmpty()) {
                    throw new CliException("send needs FILE, --title, --type and --to (or --document ID)");
                }
                Map<String, Object> draft = new LinkedHashMap<>();
                draft.put("type", type);
                draft.put("title", title);
                if (docNo != null) {
                    draft.put("docNo", docNo);
                }
                draft.put("urgency", urgency);
                draft.put("to", to);
                draft.put("cc", cc);
                draft.put("printCopies", printCopies);
                draft.put("printSuccess", printSuccess);
                if (note != null) {
                    draft.put("notes", note);
                }
                if (signer != null) {
                    draft.put("signer", signer);
                }
                id = server.post("/api/v1/documents", draft).path("id").asString();
                server.upload(path(id) + "/body", Map.of(), "file", file);
                if (noTextConfirmed) {
                    server.post(path(id) + "/no-text-confirmation", Map.of());
                }
                for (Path attachment : attachments) {
                    server.upload(path(id) + "/attachments", Map.of(), "file", attachment);
                }
                if (seal != null) {
                    if (sealPin == null) {
                        throw new CliException("--seal needs --seal-pin (document " + id + " is kept as a draft)");
                    }
                    server.post(path(id) + "/seal", Map.of("sealId", seal, "pin", sealPin));
                }
                String approval = approvalOf(server, type);
                if ("DEPARTMENT_HEAD".equals(approval)) {
                    JsonNode submitted = server.post(path(id) + "/submit", Map.of());
                    return print(id, 0, submitted.path("state").asString("PENDING_APPROVAL"));
                }
            }
            if (pin == null) {
                throw new CliException(
                        "--pin (the unit key PIN) is needed to send; document " + id + " is kept as a draft");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("confirm", true);
            body.put("pin", pin);
            body.put("idempotencyKey", "cli-" + UUID.randomUUID());
            JsonNode sent = server.post(path(id) + "/send", body);
            return print(id, sent.path("deliveries").asInt(), "SENT");
        }

        private int print(String id, int deliveries, String state) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("id", id);
            result.put("deliveries", deliveries);
            if (!"SENT".equals(state)) {
                result.put("state", state);
            }
            Output.printOneLine(spec, json, result, out -> {
                out.println(id);
                spec.commandLine()
                        .getErr()
                        .println(
                                "SENT".equals(state)
                                        ? "sent to " + deliveries + " unit(s)"
                                        : state + ": the department head approves it (sealpost approve " + id
                                                + "), then send it with: sealpost send --document " + id
                                                + " --pin PIN");
            });
            return 0;
        }

        private static String approvalOf(ServerClient server, String type) throws CliException {
            for (JsonNode t : server.get("/api/v1/types")) {
                if (t.path("code").asString("").equalsIgnoreCase(type.strip())
                        || t.path("name").asString("").equals(type.strip())) {
                    return t.path("approval").asString("");
                }
            }
            return "";
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Per recipient unit: state, signed, printed, returned.")
    static final class Status implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DOC")
        String id;

        @Option(names = "--state", description = "only deliveries in this state (DELIVERED, SIGNED, RETURNED, …)")
        String state;

        @Option(names = "--json", description = "print [{\"unit\":CODE,\"state\":…,\"signedAt\":…,…}]")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ServerClient server = ServerClient.signedIn();
            JsonNode answer = server.get(
                    path(id) + "/deliveries" + (state == null ? "" : "?state=" + ServerClient.encode(state.strip())));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (JsonNode d : answer) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("unit", d.path("unit").asString(""));
                row.put("unitName", d.path("unitName").asString(""));
                row.put("role", d.path("role").asString(""));
                row.put("state", d.path("state").asString(""));
                row.put("deliveredAt", d.path("deliveredAt").asString(null));
                row.put("signedAt", d.path("signedAt").asString(null));
                row.put("signedBy", d.path("signedBy").asString(null));
                List<Integer> copies = new ArrayList<>();
                d.path("printedCopies").forEach(c -> copies.add(c.asInt()));
                row.put("printedCopies", copies);
                row.put("downloaded", d.path("downloaded").asBoolean(false));
                row.put("returnReason", d.path("returnReason").asString(null));
                row.put("overdue", d.path("overdue").asBoolean(false));
                rows.add(row);
            }
            Output.print(spec, json, rows, out -> {
                int width = rows.stream()
                        .mapToInt(r -> ((String) r.get("unit")).length())
                        .max()
                        .orElse(4);
                for (Map<String, Object> r : rows) {
                    out.println(String.format(
                            "%-" + width + "s  %-12s  %s%s%s",
                            r.get("unit"),
                            r.get("state"),
                            r.get("signedAt") == null ? "" : "signed " + r.get("signedAt") + " by " + r.get("signedBy"),
                            ((List<?>) r.get("printedCopies")).isEmpty() ? "" : "  printed " + r.get("printedCopies"),
                            r.get("returnReason") == null ? "" : "  returned: " + r.get("returnReason")));
                }
            });
            return 0;
        }
    }

    /** approve / reject / recall / void: one POST, prints the new state. */
    abstract static class Act implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DOC")
        String id;

        @Option(names = "--json", description = "print the server's answer")
        boolean json;

        abstract String action();

        Map<String, Object> body() throws CliException {
            return Map.of();
        }

        @Override
        public Integer call() throws Exception {
            ServerClient server = ServerClient.signedIn();
            JsonNode answer = server.post(path(id) + "/" + action(), body());
            Output.printOneLine(
                    spec,
                    json,
                    answer,
                    out -> out.println(id + " " + answer.path("state").asString("")));
            return 0;
        }

        static Map<String, Object> reasonAndPin(String reason, String pin, boolean pinNeeded) throws CliException {
            if (reason == null || reason.isBlank()) {
                throw new CliException("--reason is required");
            }
            if (pinNeeded && pin == null) {
                throw new CliException(
                        "--pin (the unit key PIN) is needed: the statement is signed with the unit's key");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reason", reason);
            if (pin != null) {
                body.put("pin", pin);
            }
            return body;
        }
    }

    @Command(
            name = "approve",
            mixinStandardHelpOptions = true,
            description = "Approve a department document (department head).")
    static final class Approve extends Act {
        @Override
        String action() {
            return "approve";
        }
    }

    @Command(
            name = "reject",
            mixinStandardHelpOptions = true,
            description = "Reject a department document with a reason.")
    static final class Reject extends Act {
        @Option(names = "--reason", required = true)
        String reason;

        @Override
        String action() {
            return "reject";
        }

        @Override
        Map<String, Object> body() throws CliException {
            return reasonAndPin(reason, null, false);
        }
    }

    /** recall / void: a closing statement with a reason, signed with the unit key. */
    abstract static class Close extends Act {
        @Option(names = "--reason", required = true)
        String reason;

        @Option(names = "--pin", description = "the unit key PIN")
        String pin;

        @Override
        Map<String, Object> body() throws CliException {
            return reasonAndPin(reason, pin, true);
        }
    }

    @Command(
            name = "recall",
            mixinStandardHelpOptions = true,
            description = "Recall a sent document before any unit signed (撤回).")
    static final class Recall extends Close {
        @Override
        String action() {
            return "recall";
        }
    }

    @Command(name = "void", mixinStandardHelpOptions = true, description = "Void a signed-for document (作废).")
    static final class Void extends Close {
        @Override
        String action() {
            return "void";
        }
    }

    @Command(
            name = "types",
            mixinStandardHelpOptions = true,
            description = "Document types (文种): code, name, direction, seal.")
    static final class Types implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(
                names = "--json",
                description = "print [{\"code\",\"name\",\"direction\":\"DOWN|UP\",\"sealRequired\"}]")
        boolean json;

        @Override
        public Integer call() throws Exception {
            JsonNode answer = ServerClient.signedIn().get("/api/v1/types");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (JsonNode t : answer) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("code", t.path("code").asString(""));
                row.put("name", t.path("name").asString(""));
                row.put("direction", t.path("direction").asString(""));
                row.put("sealRequired", t.path("sealRequired").asBoolean(false));
                rows.add(row);
            }
            Output.print(spec, json, rows, out -> {
                for (Map<String, Object> r : rows) {
                    out.println(String.format(
                            "%-26s %-4s %-5s %s",
                            r.get("code"),
                            r.get("direction"),
                            Boolean.TRUE.equals(r.get("sealRequired")) ? "seal" : "-",
                            r.get("name")));
                }
            });
            return 0;
        }
    }
}
