package org.sealpost.server.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * One audit entry as an RFC 5424 syslog message.
 *
 * <pre>
 * &lt;PRI&gt;1 2026-11-27T09:30:00.123456Z host sealpost - SIGN_IN [sealpost@32473 seq="42" actor="alice"
 *     unit="ZJBRC" success="true" ip="10.0.0.7" object="account:alice" hash="…"] BOM SIGN_IN ok …
 * </pre>
 *
 * PRI is the facility (default 13, log audit) × 8 + severity (5 notice for a success, 4 warning for
 * a failure or denial); MSGID is the event type; the structured data element {@code
 * sealpost@32473} carries every field of the entry, its {@code seq} (so a receiver can recognise an
 * entry it already has) and its chain {@code hash}. 32473 is the private enterprise number RFC 5612
 * reserves for examples; an operator with its own number can keep the element name. MSG is UTF-8
 * with a BOM, as RFC 5424 §6.4 asks.
 */
final class SyslogMessages {

    static final String SD_ID = "sealpost@32473";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private SyslogMessages() {}

    /** An audit entry as read from {@code audit_event}. */
    record Row(
            long seq,
            Instant time,
            String actor,
            String unitCode,
            String eventType,
            boolean success,
            String ip,
            String objectRef,
            String detail,
            byte[] hash) {}

    static byte[] format(Row row, int facility, String hostname) {
        int pri = facility * 8 + (row.success() ? 5 : 4);
        StringBuilder head = new StringBuilder(256)
                .append('<')
                .append(pri)
                .append(">1 ")
                .append(TIME.format(row.time()))
                .append(' ')
                .append(printable(hostname, 255))
                .append(" sealpost - ")
                .append(printable(row.eventType(), 32))
                .append(" [")
                .append(SD_ID);
        param(head, "seq", Long.toString(row.seq()));
        param(head, "actor", row.actor());
        param(head, "unit", row.unitCode());
        param(head, "success", Boolean.toString(row.success()));
        param(head, "ip", row.ip());
        param(head, "object", row.objectRef());
        param(head, "hash", HexFormat.of().formatHex(row.hash()));
        head.append("] ");
        String msg = row.eventType() + (row.success() ? " ok" : " FAILED") + " by " + row.actor() + "@" + row.unitCode()
                + " on " + row.objectRef() + (row.detail() == null ? "" : ": " + row.detail());
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + msg.length() * 3 + 3);
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(BOM);
        out.writeBytes(msg.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** RFC 6587 §3.4.1 octet counting: MSG-LEN SP SYSLOG-MSG. */
    static byte[] octetCounted(byte[] message) {
        byte[] prefix = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, frame, 0, prefix.length);
        System.arraycopy(message, 0, frame, prefix.length, message.length);
        return frame;
    }

    /** PARAM-VALUE escaping (RFC 5424 §6.3.3): '"', '\' and ']' get a backslash. */
    private static void param(StringBuilder b, String name, String value) {
        b.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                b.append('\\');
            }
            b.append(c);
        }
        b.append('"');
    }

    /** Header fields are PRINTUSASCII (33–126) only; anything else becomes '_'; empty becomes '-'. */
    private static String printable(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && b.length() < max; i++) {
            char c = value.charAt(i);
            b.append(c >= 33 && c <= 126 ? c : '_');
        }
        return b.toString();
    }
}
