package org.sealpost.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code sealpost print-result DELIVERY COPY ok|failed}: reports the result of a copy printed from
 * its PDF ({@code POST /api/v1/deliveries/{id}/print/{copy}/result}), once. A failure lets the next
 * copy number be used. {@code --json} prints {@code {"copyNumber":…,"kind":…,"result":…}}.
 */
@Command(
        name = "print-result",
        mixinStandardHelpOptions = true,
        description = "Report whether a printed copy came out (ok) or not (failed).")
final class PrintResultCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DELIVERY", description = "the delivery id")
    long delivery;

    @Parameters(index = "1", paramLabel = "COPY", description = "the copy number, e.g. 000001")
    String copy;

    @Parameters(index = "2", paramLabel = "ok|failed", description = "the result")
    String outcome;

    @Option(names = "--reason", description = "what went wrong (paper jam, …)")
    String reason;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        String result = outcome.strip().toLowerCase(java.util.Locale.ROOT);
        if (!result.equals("ok") && !result.equals("failed")) {
            throw new CliException("the result is ok or failed, not " + outcome);
        }
        if (!copy.matches("[0-9]{1,6}")) {
            throw new CliException("a copy number is six digits, e.g. 000001");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result", result);
        if (reason != null && !reason.isBlank()) {
            body.put("reason", reason);
        }
        JsonNode answer =
                ServerClient.signedIn().post("/api/v1/deliveries/" + delivery + "/print/" + copy + "/result", body);
        Map<String, Object> reported = new LinkedHashMap<>();
        reported.put("copyNumber", answer.path("copyNumber").asString(""));
        reported.put("kind", answer.path("kind").asString(""));
        reported.put("result", answer.path("result").asString(""));
        Output.print(
                spec, json, reported, out -> out.println(reported.get("copyNumber") + " " + reported.get("result")));
        return 0;
    }
}
