package org.sealpost.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * Lists the active units ({@code GET /api/v1/units}), or those a recipient group, category or unit
 * code resolves to ({@code ?group=}). {@code --json} prints an array of objects with {@code code},
 * {@code name}, {@code category} and {@code categoryName}.
 */
@Command(
        name = "units",
        mixinStandardHelpOptions = true,
        description = "List units (code, name, category), or the members of a recipient group.")
final class UnitsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--group", description = "a recipient group code, a category or a unit code")
    String group;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ServerClient server = ServerClient.signedIn();
        JsonNode answer = server.get("/api/v1/units"
                + (group == null || group.isBlank() ? "" : "?group=" + ServerClient.encode(group.strip())));
        if (!answer.isArray()) {
            throw new CliException(server.base() + "/api/v1/units did not answer a list");
        }
        List<Map<String, String>> units = new ArrayList<>();
        for (JsonNode unit : answer) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("code", unit.path("code").asString(""));
            row.put("name", unit.path("name").asString(""));
            row.put("category", unit.path("category").asString(""));
            row.put("categoryName", unit.path("categoryName").asString(""));
            units.add(row);
        }
        Output.print(spec, json, units, out -> {
            int width =
                    units.stream().mapToInt(u -> u.get("code").length()).max().orElse(4);
            for (Map<String, String> u : units) {
                out.println(String.format("%-" + width + "s  %s  %s", u.get("code"), u.get("name"), u.get("category")));
            }
        });
        return 0;
    }
}
