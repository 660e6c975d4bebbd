package org.sealpost.server.printing.ipp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One IPP/1.1 message (RFC 8010 section 3): version, operation id or status code, request id,
 * attribute groups and the document data that follows them. Values keep their value tag and raw
 * bytes; the accessors decode the few types SealPost reads (integer, enum, text, keyword).
 */
public record IppMessage(int version, int code, int requestId, List<Group> groups, byte[] data) {

    public static final int VERSION_1_1 = 0x0101;

    // operations (RFC 8011 section 5.4.15)
    public static final int PRINT_JOB = 0x0002;
    public static final int CANCEL_JOB = 0x0008;
    public static final int GET_JOB_ATTRIBUTES = 0x0009;
    public static final int GET_PRINTER_ATTRIBUTES = 0x000B;

    // delimiter tags
    public static final int OPERATION_ATTRIBUTES = 0x01;
    public static final int JOB_ATTRIBUTES = 0x02;
    public static final int END_OF_ATTRIBUTES = 0x03;
    public static final int PRINTER_ATTRIBUTES = 0x04;
    public static final int UNSUPPORTED_ATTRIBUTES = 0x05;

    // value tags
    public static final int INTEGER = 0x21;
    public static final int BOOLEAN = 0x22;
    public static final int ENUM = 0x23;
    public static final int TEXT = 0x41;
    public static final int NAME = 0x42;
    public static final int KEYWORD = 0x44;
    public static final int URI = 0x45;
    public static final int CHARSET = 0x47;
    public static final int NATURAL_LANGUAGE = 0x48;
    public static final int MIME_MEDIA_TYPE = 0x49;

    public IppMessage {
        groups = List.copyOf(groups);
        data = data == null ? new byte[0] : data;
    }

    /** A value: its tag and its bytes as they travel. */
    public record Value(int tag, byte[] bytes) {

        public static Value text(int tag, String s) {
            return new Value(tag, s.getBytes(StandardCharsets.UTF_8));
        }

        public static Value integer(int tag, int i) {
            return new Value(tag, ByteBuffer.allocate(4).putInt(i).array());
        }

        public String asText() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public int asInt() {
            if (bytes.length != 4) {
                throw new IppException("an integer value has 4 bytes, not " + bytes.length);
            }
            return ByteBuffer.wrap(bytes).getInt();
        }
    }

    /** An attribute and its values (more than one for a 1setOf). */
    public record Attribute(String name, List<Value> values) {

        public Attribute {
            values = List.copyOf(values);
        }

        public static Attribute of(String name, Value... values) {
            return new Attribute(name, List.of(values));
        }
    }

    /** An attribute group: its delimiter tag and attributes in order. */
    public record Group(int tag, List<Attribute> attributes) {

        public Group {
            attributes = List.copyOf(attributes);
        }
    }

    /** The first attribute of that name in a group with that tag. */
    public Optional<Attribute> attribute(int groupTag, String name) {
        for (Group g : groups) {
            if (g.tag() == groupTag) {
                for (Attribute a : g.attributes()) {
                    if (a.name().equals(name)) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }

    public Optional<Integer> integer(int groupTag, String name) {
        return attribute(groupTag, name).map(a -> a.values().get(0).asInt());
    }

    public Optional<String> text(int groupTag, String name) {
        return attribute(groupTag, name).map(a -> a.values().get(0).asText());
    }

    /** Status codes 0x0000–0x00FF are successful (RFC 8011 appendix B). */
    public boolean successful() {
        return code >= 0 && code <= 0x00FF;
    }

    /** A request with the operation attributes every request starts with (charset and language). */
    public static Builder request(int operation, int requestId) {
        return new Builder(operation, requestId);
    }

    /** Builds a request's operation-attributes group (the only group SealPost sends). */
    public static final class Builder {
        private final int operation;
        private final int requestId;
        private final List<Attribute> operationAttributes = new ArrayList<>();

        private Builder(int operation, int requestId) {
            this.operation = operation;
            this.requestId = requestId;
            operationAttributes.add(Attribute.of("attributes-charset", Value.text(CHARSET, "utf-8")));
            operationAttributes.add(Attribute.of("attributes-natural-language", Value.text(NATURAL_LANGUAGE, "en")));
        }

        public Builder add(String name, Value... values) {
            operationAttributes.add(Attribute.of(name, values));
            return this;
        }

        public IppMessage build(byte[] data) {
            return new IppMessage(
                    VERSION_1_1,
                    operation,
                    requestId,
                    List.of(new Group(OPERATION_ATTRIBUTES, operationAttributes)),
                    data);
        }
    }
}
