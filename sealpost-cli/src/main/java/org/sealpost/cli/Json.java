package org.sealpost.cli;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON output for scripts ({@code --json}) and the bodies the {@link ServerClient} sends and reads. */
final class Json {

    private static final JsonMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonMapper COMPACT = JsonMapper.builder().build();

    private Json() {}

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** One line, for request bodies and stored files. */
    static String compact(Object value) {
        return COMPACT.writeValueAsString(value);
    }

    /** Parses JSON text; throws {@link CliException} naming {@code what} when it is not JSON. */
    static JsonNode read(String text, String what) throws CliException {
        try {
            return COMPACT.readTree(text);
        } catch (JacksonException e) {
            throw new CliException(what + " is not valid JSON");
        }
    }
}
