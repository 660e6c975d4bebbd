package org.sealpost.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code sealpost print DELIVERY [--printer NAME | --out FILE.pdf]}: takes the next copy number
 * (份号) of a signed delivery ({@code POST /api/v1/deliveries/{id}/print}) and prints it. With
 * {@code --printer} the server sends the copy to that CUPS printer and its job state reports the
 * result; otherwise the copy is saved as PDF ({@code --out}, default {@code DELIVERY-COPY.pdf} in
 * the current directory — the only plaintext written, on the client, because the operator asked
 * for it) and the operator reports the result with {@code sealpost print-result}. {@code --json}
 * prints {@code {"copyNumber":"000001","kind":…,"result":…,"jobId":…,"file":…}}.
 */
@Command(
        name = "print",
        mixinStandardHelpOptions = true,
        description = "Print the next numbered copy (份号) of a signed delivery; prints the copy number.")
final class PrintCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DELIVERY", description = "the delivery id (see sealpost inbox)")
    long delivery;

    static final class Target {
        @Option(names = "--printer", paramLabel = "NAME", description = "a printer of the server's CUPS")
        String printer;

        @Option(names = "--out", paramLabel = "FILE.pdf", description = "save the copy here")
        Path out;
    }

    @ArgGroup(exclusive = true)
    Target target = new Target();

    @Option(
            names = "--pin",
            paramLabel = "PIN",
            description = "the unit key PIN (the server decrypts the document with it); default $SEALPOST_PIN")
    String pin;

    @Option(names = "--grey", description = "a de-sealed grey copy (脱密打印) instead of the sealed original")
    boolean grey;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        String unitPin = pin != null ? pin : System.getenv("SEALPOST_PIN");
        if (unitPin == null || unitPin.isBlank()) {
            throw new CliException("give the unit key PIN with --pin (or $SEALPOST_PIN)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pin", unitPin);
        if (grey) {
            body.put("grey", true);
        }
        ServerClient server = ServerClient.signedIn();
        String path = "/api/v1/deliveries/" + delivery + "/print";
        Map<String, Object> result = new LinkedHashMap<>();
        if (target.printer != null) {
            body.put("printer", target.printer);
            JsonNode answer = server.post(path, body);
            copy(answer, result);
        } else {
            Path file = target.out != null
                    ? target.out
                    : Path.of(delivery + "-copy.pdf").toAbsolutePath();
            if (target.out != null && Files.isDirectory(target.out)) {
                throw new CliException(target.out + " is a directory: give a file name");
            }
            ServerClient.FileAnswer answer = server.postForFile(path, body, "application/pdf, application/json", file);
            if (answer.json() != null) { // the copy could not be made: it is already recorded failed
                copy(answer.json(), result);
            } else {
                String number = answer.headers().firstValue("X-Copy-Number").orElse("");
                Path saved = answer.file();
                if (target.out == null) { // name it after the copy number now that it is known
                    Path named = saved.resolveSibling(delivery + "-" + number + ".pdf");
                    saved = Files.move(saved, named, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                result.put("copyNumber", number);
                result.put("kind", answer.headers().firstValue("X-Copy-Kind").orElse(""));
                result.put(
                        "result", answer.headers().firstValue("X-Copy-Result").orElse(""));
                result.put("file", saved.toString());
            }
        }
        Output.print(spec, json, result, out -> {
            out.println(result.get("copyNumber"));
            if ("FAILED".equals(result.get("result"))) {
                spec.commandLine()
                        .getErr()
                        .println("copy " + result.get("copyNumber") + " failed: " + result.get("failure"));
            } else if (result.containsKey("file")) {
                spec.commandLine()
                        .getErr()
                        .println("saved " + result.get("file") + "; report the result with: sealpost print-result "
                                + delivery + " " + result.get("copyNumber") + " ok|failed");
            }
        });
        return "FAILED".equals(result.get("result")) ? 1 : 0;
    }

    private static void copy(JsonNode answer, Map<String, Object> result) {
        result.put("copyNumber", answer.path("copyNumber").asString(""));
        result.put("kind", answer.path("kind").asString(""));
        result.put("result", answer.path("result").asString(""));
        if (answer.hasNonNull("printer")) {
            result.put("printer", answer.path("printer").asString());
        }
        if (answer.hasNonNull("jobId")) {
            result.put("jobId", answer.path("jobId").asString());
        }
        if (answer.hasNonNull("failure")) {
            result.put("failure", answer.path("failure").asString());
        }
    }
}
