package org.sealpost.server.printing.ipp;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The IPP/1.1 binary encoding (RFC 8010 section 3.1): big-endian, each attribute as value tag,
 * name length, name, value length, value; an additional value of a 1setOf repeats the tag with an
 * empty name. Decoding is bounded by the input and refuses anything truncated or ill-formed with
 * an {@link IppException}; collections are read as plain value sequences (SealPost reads none).
 */
public final class IppCodec {

    private IppCodec() {}

    public static byte[] encode(IppMessage m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + m.data().length);
        short16(out, m.version());
        short16(out, m.code());
        out.write(m.requestId() >>> 24);
        out.write(m.requestId() >>> 16);
        out.write(m.requestId() >>> 8);
        out.write(m.requestId());
        for (IppMessage.Group g : m.groups()) {
            out.write(g.tag());
            for (IppMessage.Attribute a : g.attributes()) {
                byte[] name = a.name().getBytes(StandardCharsets.US_ASCII);
                boolean first = true;
                for (IppMessage.Value v : a.values()) {
                    out.write(v.tag());
                    if (first) {
                        short16(out, name.length);
                        out.writeBytes(name);
                        first = false;
                    } else {
                        short16(out, 0);
                    }
                    if (v.bytes().length > 0xFFFF) {
                        throw new IppException("value of " + a.name() + " too long");
                    }
                    short16(out, v.bytes().length);
                    out.writeBytes(v.bytes());
                }
            }
        }
        out.write(IppMessage.END_OF_ATTRIBUTES);
        out.writeBytes(m.data());
        return out.toByteArray();
    }

    public static IppMessage decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            int version = in.getShort() & 0xFFFF;
            int code = in.getShort() & 0xFFFF;
            int requestId = in.getInt();
            List<IppMessage.Group> groups = new ArrayList<>();
            int groupTag = -1;
            List<IppMessage.Attribute> attributes = null;
            String name = null;
            List<IppMessage.Value> values = null;
            while (true) {
                int tag = in.get() & 0xFF;
                if (tag <= 0x0F) { // a delimiter: end of the previous attribute and group
                    if (name != null) {
                        attributes.add(new IppMessage.Attribute(name, values));
                        name = null;
                    }
                    if (attributes != null) {
                        groups.add(new IppMessage.Group(groupTag, attributes));
                    }
                    if (tag == IppMessage.END_OF_ATTRIBUTES) {
                        break;
                    }
                    if (tag == 0x00) {
                        throw new IppException("reserved delimiter tag 0x00");
                    }
                    groupTag = tag;
                    attributes = new ArrayList<>();
                    continue;
                }
                if (attributes == null) {
                    throw new IppException("attribute before the first group");
                }
                int nameLength = in.getShort() & 0xFFFF;
                String attrName = new String(take(in, nameLength), StandardCharsets.UTF_8);
                byte[] value = take(in, in.getShort() & 0xFFFF);
                if (nameLength == 0) {
                    if (name == null) {
                        throw new IppException("additional value without an attribute");
                    }
                    values.add(new IppMessage.Value(tag, value));
                } else {
                    if (name != null) {
                        attributes.add(new IppMessage.Attribute(name, values));
                    }
                    name = attrName;
                    values = new ArrayList<>();
                    values.add(new IppMessage.Value(tag, value));
                }
            }
            byte[] data = take(in, in.remaining());
            return new IppMessage(version, code, requestId, groups, data);
        } catch (BufferUnderflowException e) {
            throw new IppException("truncated IPP message", e);
        }
    }

    private static byte[] take(ByteBuffer in, int length) {
        if (length > in.remaining()) {
            throw new IppException("truncated IPP message: a length of " + length + " runs past the end");
        }
        byte[] b = new byte[length];
        in.get(b);
        return b;
    }

    private static void short16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }
}
