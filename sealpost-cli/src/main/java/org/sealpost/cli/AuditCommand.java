package org.sealpost.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** The audit log, for an auditor signed in with {@code sealpost login}. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "The audit log (auditors only).",
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand {

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Have the server check the audit log's SM3 hash chain and signed checkpoints"
                        + " (GET /api/v1/audit/verify) and name the first broken entry.",
                "Exit codes: 0 intact, " + AdminCommand.BROKEN + " broken, 1 refused or unreachable, 2 usage."
            })
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "print the server's answer as JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ServerClient server = ServerClient.signedIn();
            JsonNode answer = server.get("/api/v1/audit/verify");
            if (!answer.path("ok").isBoolean()) {
                throw new CliException(server.base() + "/api/v1/audit/verify did not answer a verification");
            }
            boolean ok = answer.path("ok").asBoolean();
            JsonNode broken = answer.path("firstBroken");
            Output.print(
                    spec,
                    json,
                    answer,
                    out -> out.println(
                            ok
                                    ? "audit chain intact: "
                                            + answer.path("checked").asLong() + " entries, "
                                            + answer.path("checkpoints").asLong() + " signed checkpoints (last at seq "
                                            + answer.path("lastCheckpointSeq").asLong() + ")"
                                    : "audit chain BROKEN: "
                                            + broken.path("kind").asString("?") + " at seq "
                                            + broken.path("seq").asLong() + timeOf(broken) + ": "
                                            + broken.path("detail").asString("") + " ("
                                            + answer.path("checked").asLong() + " entries verified before it)"));
            if (!ok) {
                spec.commandLine()
                        .getErr()
                        .println("sealpost: audit log broken at seq "
                                + broken.path("seq").asLong() + " ("
                                + broken.path("kind").asString("?") + ")");
                return AdminCommand.BROKEN;
            }
            return 0;
        }

        private static String timeOf(JsonNode broken) {
            String time = broken.path("time").asString("");
            return time.isEmpty() ? "" : " (" + time + ")";
        }
    }
}
