package org.sealpost.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a command prints on standard output: with {@code --json} its result as JSON (a contract
 * scripts rely on), otherwise lines for people. Each command keeps its own {@code --json} option,
 * whose description says the shape it prints.
 */
final class Output {

    private Output() {}

    /** {@code result} as indented JSON when {@code json}, else what {@code people} prints. */
    static void print(CommandSpec spec, boolean json, Object result, Consumer<PrintWriter> people) {
        print(spec, json ? Json.write(result) : null, people);
    }

    /** {@code result} as JSON on one line when {@code json}, else what {@code people} prints. */
    static void printOneLine(CommandSpec spec, boolean json, Object result, Consumer<PrintWriter> people) {
        print(spec, json ? Json.compact(result) : null, people);
    }

    private static void print(CommandSpec spec, String json, Consumer<PrintWriter> people) {
        PrintWriter out = spec.commandLine().getOut();
        if (json != null) {
            out.println(json);
        } else {
            people.accept(out);
        }
    }
}
