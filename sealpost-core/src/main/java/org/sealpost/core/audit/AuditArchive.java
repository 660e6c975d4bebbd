package org.sealpost.core.audit;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.sealpost.core.audit.AuditChain.Checkpoint;
import org.sealpost.core.audit.AuditChain.Entry;
import org.sealpost.core.audit.AuditChain.Event;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.crypto.Sm3;

/**
 * The archive of audit entries taken out of the database by retention (SECURITY.md L05); format in
 * docs/audit-archive.md.
 *
 * <p>An archive is two files. {@code audit-<from>-<to>.jsonl.gz} is gzip'd UTF-8 JSON lines: a
 * header ({@code format}, {@code fromSeq}, {@code toSeq}, {@code prevHash} — the hash of entry
 * {@code fromSeq-1}, 32 zero bytes for entry 1), one line per entry (the stored columns, hashes in
 * hex), and a last line holding the signed checkpoint at {@code toSeq}. The chain inside verifies on
 * its own: from {@code prevHash} through every entry to the checkpoint's hash, whose signature is
 * the system key's. {@code <name>.sig} is one JSON line: the signer (certificate serial), the SM3 of
 * the {@code .gz} file and an SM3withSM2 signature over {@code "SealPost audit archive v1" ‖ 0x00 ‖
 * SM3(file)} — a tag no checkpoint payload starts with — so the file as a whole is signed too.
 */
public final class AuditArchive {

    public static final String FORMAT = "sealpost-audit-archive/1";
    private static final byte[] SIGNATURE_TAG = "SealPost audit archive v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private AuditArchive() {}

    /** The file name of the archive of entries {@code fromSeq..toSeq}. */
    public static String fileName(long fromSeq, long toSeq) {
        return String.format("audit-%012d-%012d.jsonl.gz", fromSeq, toSeq);
    }

    /** The bytes the archive signature covers: tag ‖ SM3 of the .gz file. */
    public static byte[] signaturePayload(byte[] fileSm3) {
        if (fileSm3.length != Sm3.DIGEST_SIZE) {
            throw new IllegalArgumentException("SM3 digest must be " + Sm3.DIGEST_SIZE + " bytes");
        }
        return ByteBuffer.allocate(SIGNATURE_TAG.length + fileSm3.length)
                .put(SIGNATURE_TAG)
                .put(fileSm3)
                .array();
    }

    /** What an archive holds. */
    public record Summary(long fromSeq, long toSeq, long entries, byte[] prevHash, Checkpoint checkpoint) {}

    /**
     * Writes entries {@code prevSeq+1 .. checkpoint.seq()} to {@code out} (gzip'd), checking while
     * writing that they form an unbroken chain from {@code prevHash} to the checkpoint; refuses
     * (and writes nothing usable) otherwise: a broken chain is never archived and purged.
     */
    public static Summary write(
            OutputStream out, long prevSeq, byte[] prevHash, Iterator<Entry> entries, Checkpoint checkpoint)
            throws IOException {
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (checkpoint.seq() <= prevSeq) {
            throw new IllegalArgumentException("checkpoint at seq " + checkpoint.seq() + " is not after " + prevSeq);
        }
        GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16);
        Writer w = new BufferedWriter(new OutputStreamWriter(gz, StandardCharsets.UTF_8), 1 << 16);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("fromSeq", prevSeq + 1);
        header.put("toSeq", checkpoint.seq());
        header.put("prevHash", HEX.formatHex(prevHash));
        line(w, header);
        long expected = prevSeq + 1;
        byte[] prev = prevHash.clone();
        while (entries.hasNext()) {
            Entry e = entries.next();
            if (e.seq() != expected
                    || !Arrays.equals(e.prevHash(), prev)
                    || !Arrays.equals(AuditChain.hash(e.prevHash(), e.seq(), e.event()), e.hash())) {
                throw new BrokenChainException(
                        "the audit chain is broken at seq " + expected + " (run verify-audit); nothing was archived");
            }
            line(w, entryJson(e));
            prev = e.hash();
            expected++;
        }
        if (expected - 1 != checkpoint.seq() || !Arrays.equals(prev, checkpoint.hash())) {
            throw new BrokenChainException("the entries up to seq " + (expected - 1)
                    + " do not end in the checkpoint at seq " + checkpoint.seq() + "; nothing was archived");
        }
        Map<String, Object> cp = new LinkedHashMap<>();
        cp.put("seq", checkpoint.seq());
        cp.put("hash", HEX.formatHex(checkpoint.hash()));
        cp.put("signedAt", checkpoint.signedAt().toString());
        cp.put("signer", checkpoint.signer());
        cp.put("signature", Base64.getEncoder().encodeToString(checkpoint.signature()));
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("checkpoint", cp);
        line(w, last);
        w.flush();
        gz.finish();
        return new Summary(prevSeq + 1, checkpoint.seq(), checkpoint.seq() - prevSeq, prevHash.clone(), checkpoint);
    }

    /** The content of the {@code .sig} file. */
    public static String signatureFile(String signer, byte[] fileSm3, byte[] signature) {
        Map<String, Object> sig = new LinkedHashMap<>();
        sig.put("format", FORMAT);
        sig.put("signer", signer);
        sig.put("sm3", HEX.formatHex(fileSm3));
        sig.put("signature", Base64.getEncoder().encodeToString(signature));
        StringBuilder out = new StringBuilder();
        Json.write(out, sig);
        return out.append('\n').toString();
    }

    /** The outcome of checking an archive; {@code problem} is null when it is intact. */
    public record Verification(Summary summary, String problem) {
        public boolean ok() {
            return problem == null;
        }

        @Override
        public String toString() {
            return ok()
                    ? "audit archive intact: seq " + summary.fromSeq() + "–" + summary.toSeq() + " ("
                            + summary.entries() + " entries), signed checkpoint at seq " + summary.toSeq()
                    : "audit archive BROKEN: " + problem;
        }
    }

    /**
     * Checks an archive: the file signature over its SM3, then every entry's hash and link from the
     * header's {@code prevHash} to the signed checkpoint at the end.
     */
    public static Verification verify(Path archive, Path signatureFile, PublicKey key) throws IOException {
        byte[] sm3 = Sm3.digest(archive);
        Map<String, Object> sig;
        try {
            sig = Json.parseObject(
                    Files.readString(signatureFile, StandardCharsets.UTF_8).strip());
        } catch (IllegalArgumentException e) {
            return new Verification(null, "the signature file is not valid: " + e.getMessage());
        }
        if (!FORMAT.equals(sig.get("format")) || !(sig.get("signature") instanceof String signature)) {
            return new Verification(null, "the signature file is not a " + FORMAT + " signature");
        }
        if (!HEX.formatHex(sm3).equals(sig.get("sm3"))) {
            return new Verification(null, "the archive file was changed: its SM3 differs from the signed one");
        }
        try {
            if (key == null
                    || !Sm2.verify(
                            key, signaturePayload(sm3), Base64.getDecoder().decode(signature))) {
                return new Verification(null, "the archive signature is not valid for the system certificate");
            }
        } catch (InvalidKeyException | IllegalArgumentException e) {
            return new Verification(null, "the archive signature is not valid: " + e.getMessage());
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 1 << 16)) {
            return verifyContent(in, key);
        }
    }

    /** Checks the chain inside an (unzipped) archive stream. */
    static Verification verifyContent(InputStream unzipped, PublicKey key) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(unzipped, StandardCharsets.UTF_8), 1 << 16);
        String first = r.readLine();
        if (first == null) {
            return new Verification(null, "the archive is empty");
        }
        Map<String, Object> header;
        try {
            header = Json.parseObject(first);
        } catch (IllegalArgumentException e) {
            return new Verification(null, "the archive header is not valid: " + e.getMessage());
        }
        if (!FORMAT.equals(header.get("format"))) {
            return new Verification(null, "not a " + FORMAT + " file");
        }
        long fromSeq = ((Number) header.get("fromSeq")).longValue();
        long toSeq = ((Number) header.get("toSeq")).longValue();
        byte[] prevHash = HEX.parseHex((String) header.get("prevHash"));
        List<Entry> entries = new ArrayList<>();
        Checkpoint checkpoint = null;
        String line;
        int lineNo = 1;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (checkpoint != null) {
                return new Verification(null, "line " + lineNo + " follows the closing checkpoint");
            }
            Map<String, Object> o;
            try {
                o = Json.parseObject(line);
                if (o.get("checkpoint") instanceof Map<?, ?> cp) {
                    checkpoint = new Checkpoint(
                            ((Number) cp.get("seq")).longValue(),
                            HEX.parseHex((String) cp.get("hash")),
                            Instant.parse((String) cp.get("signedAt")),
                            (String) cp.get("signer"),
                            Base64.getDecoder().decode((String) cp.get("signature")));
                } else {
                    entries.add(entry(o));
                }
            } catch (RuntimeException e) {
                return new Verification(null, "line " + lineNo + " is not a valid entry: " + e.getMessage());
            }
        }
        if (checkpoint == null) {
            return new Verification(null, "the archive has no closing checkpoint (truncated)");
        }
        Summary summary = new Summary(fromSeq, toSeq, entries.size(), prevHash, checkpoint);
        if (checkpoint.seq() != toSeq) {
            return new Verification(summary, "the closing checkpoint is at seq " + checkpoint.seq() + ", not " + toSeq);
        }
        AuditChain.Result chain = AuditChain.verifySegment(
                fromSeq - 1, prevHash, entries.iterator(), List.of(checkpoint).iterator(), key, OptionalLong.of(toSeq));
        return chain.ok()
                ? new Verification(summary, null)
                : new Verification(summary, chain.firstBroken().toString());
    }

    private static Map<String, Object> entryJson(Entry e) {
        Map<String, Object> o = new LinkedHashMap<>();
        Event v = e.event();
        o.put("seq", e.seq());
        o.put("occurredAt", v.time().toString());
        o.put("actor", v.actor());
        o.put("unitCode", v.unitCode());
        o.put("eventType", v.eventType());
        o.put("success", v.success());
        o.put("ip", v.ip());
        o.put("objectRef", v.objectRef());
        o.put("detail", v.detail());
        o.put("prevHash", HEX.formatHex(e.prevHash()));
        o.put("hash", HEX.formatHex(e.hash()));
        return o;
    }

    private static Entry entry(Map<String, Object> o) {
        return new Entry(
                ((Number) o.get("seq")).longValue(),
                new Event(
                        Instant.parse((String) o.get("occurredAt")),
                        (String) o.get("actor"),
                        (String) o.get("unitCode"),
                        (String) o.get("eventType"),
                        (Boolean) o.get("success"),
                        (String) o.get("ip"),
                        (String) o.get("objectRef"),
                        (String) o.get("detail")),
                HEX.parseHex((String) o.get("prevHash")),
                HEX.parseHex((String) o.get("hash")));
    }

    private static void line(Writer w, Map<String, Object> o) throws IOException {
        StringBuilder b = new StringBuilder(256);
        Json.write(b, o);
        w.write(b.append('\n').toString());
    }

    /** The entries to archive do not form an unbroken chain ending in the checkpoint. */
    public static final class BrokenChainException extends IllegalStateException {
        BrokenChainException(String message) {
            super(message);
        }
    }

    /** Just enough JSON for the archive: objects of strings, integers, booleans, null and objects. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Map<String, Object> parseObject(String text) {
            Json p = new Json(text);
            p.ws();
            Map<String, Object> o = p.object();
            p.ws();
            if (p.i != text.length()) {
                throw new IllegalArgumentException("trailing characters at " + p.i);
            }
            return o;
        }

        static void write(StringBuilder b, Map<String, Object> o) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : o.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                string(b, e.getKey());
                b.append(':');
                Object v = e.getValue();
                if (v == null) {
                    b.append("null");
                } else if (v instanceof String str) {
                    string(b, str);
                } else if (v instanceof Long || v instanceof Integer || v instanceof Boolean) {
                    b.append(v);
                } else if (v instanceof Map<?, ?> m) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> nested = (Map<String, Object>) m;
                    write(b, nested);
                } else {
                    throw new IllegalArgumentException("cannot write " + v.getClass());
                }
            }
            b.append('}');
        }

        private static void string(StringBuilder b, String v) {
            b.append('"');
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }

        private Map<String, Object> object() {
            expect('{');
            Map<String, Object> o = new LinkedHashMap<>();
            ws();
            if (peek() == '}') {
                i++;
                return o;
            }
            while (true) {
                ws();
                String key = string();
                ws();
                expect(':');
                ws();
                if (o.put(key, value()) != null) {
                    throw new IllegalArgumentException("duplicate key " + key);
                }
                ws();
                char c = next();
                if (c == '}') {
                    return o;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or } at " + (i - 1));
                }
            }
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (c == '{') {
                return object();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            if (c == '-') {
                i++;
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start || (i == start + 1 && c == '-')) {
                throw new IllegalArgumentException("unexpected character at " + start);
            }
            return Long.parseLong(s.substring(start, i));
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    char e = next();
                    switch (e) {
                        case '"', '\\', '/' -> b.append(e);
                        case 'n' -> b.append('\n');
                        case 'r' -> b.append('\r');
                        case 't' -> b.append('\t');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            if (i + 4 > s.length()) {
                                throw new IllegalArgumentException("truncated escape");
                            }
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> throw new IllegalArgumentException("bad escape \\" + e);
                    }
                } else if (c < 0x20) {
                    throw new IllegalArgumentException("control character in string");
                } else {
                    b.append(c);
                }
            }
        }

        private void ws() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            return s.charAt(i);
        }

        private char next() {
            char c = peek();
            i++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (i - 1));
            }
        }
    }
}
