package org.sealpost.cli;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sealpost.core.envelope.EnvelopeHeader;
import org.sealpost.core.envelope.Manifest;
import org.sealpost.core.statement.Statement;
import org.sealpost.core.statement.VerifiedStatement;

/** The facts printed about envelopes and statements, as ordered maps (text or JSON). */
final class Summaries {

    private Summaries() {}

    static Map<String, Object> envelope(EnvelopeHeader header, String check) {
        Manifest m = header.manifest();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "envelope");
        out.put("formatVersion", m.version());
        out.put("documentId", m.documentId());
        out.put("createdAt", m.createdAt().toString());
        out.put("senderUnit", m.senderUnit());
        out.put("senderCertificate", certificate(header.senderCertificate()));
        out.put("signature", "valid");
        out.put("certificateCheck", check);
        out.put("envelopeSm3", header.digestHex());
        out.put("metadataSm3", m.metadataSm3Hex());
        out.put(
                "recipients",
                m.recipients().stream()
                        .map(r -> Map.of("unit", r.unitCode(), "certificateSm3", r.certificateSm3Hex()))
                        .toList());
        out.put(
                "payload",
                m.entries().stream()
                        .map(e -> {
                            Map<String, Object> entry = new LinkedHashMap<>();
                            entry.put("name", e.name());
                            entry.put("mediaType", e.mediaType());
                            entry.put("size", e.size());
                            entry.put("sm3", e.sm3Hex());
                            return entry;
                        })
                        .toList());
        out.put(
                "algorithms",
                List.of("SM3", "SM3withSM2", "SM2 key wrap (C1C3C2)", "SM4-GCM, " + m.chunkSize() + "-byte chunks"));
        return out;
    }

    static Map<String, Object> statement(VerifiedStatement verified, String check) {
        Statement s = verified.statement();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "statement");
        out.put("type", s.type().name());
        out.put("documentId", s.documentId());
        out.put("envelopeSm3", s.envelopeSm3Hex());
        out.put("unit", s.unitCode());
        out.put("statementTime", s.statementTime().toString());
        s.reason().ifPresent(r -> out.put("reason", r));
        if (!s.copyNumbers().isEmpty()) {
            out.put("copyNumbers", s.copyNumbers());
        }
        out.put("signer", certificate(verified.signer()));
        out.put("signature", "valid");
        out.put("certificateCheck", check);
        return out;
    }

    private static Map<String, Object> certificate(X509Certificate certificate) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subject", certificate.getSubjectX500Principal().getName());
        out.put("issuer", certificate.getIssuerX500Principal().getName());
        out.put("serial", certificate.getSerialNumber().toString(16));
        out.put("notAfter", certificate.getNotAfter().toInstant().toString());
        return out;
    }

    static String text(Map<String, Object> summary) {
        StringBuilder text = new StringBuilder();
        summary.forEach((key, value) -> {
            if (value instanceof List<?> list) {
                text.append(key).append(":\n");
                list.forEach(item -> text.append("  - ").append(item).append('\n'));
            } else {
                text.append(key).append(": ").append(value).append('\n');
            }
        });
        return text.toString();
    }
}
