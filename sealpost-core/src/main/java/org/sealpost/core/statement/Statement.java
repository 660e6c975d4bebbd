package org.sealpost.core.statement;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What a unit states about one document: the document id, the envelope digest (SM3 of the signed
 * envelope header, {@code EnvelopeHeader.digest()}), the stating unit, the time, and the reason or
 * copy numbers where the type needs them. A return needs a reason; a destruction confirmation
 * needs the copy numbers; recall and void may carry a reason.
 */
public record Statement(
        StatementType type,
        String documentId,
        byte[] envelopeSm3,
        String unitCode,
        Instant statementTime,
        Optional<String> reason,
        List<String> copyNumbers) {

    public Statement {
        envelopeSm3 = envelopeSm3.clone();
        statementTime = statementTime.truncatedTo(ChronoUnit.SECONDS);
        copyNumbers = List.copyOf(copyNumbers);
        if (envelopeSm3.length != 32 || documentId.isEmpty() || unitCode.isEmpty()) {
            throw new IllegalArgumentException("a statement needs a document id, a 32-byte envelope digest and a unit");
        }
        if (type == StatementType.RETURN && reason.map(String::isBlank).orElse(true)) {
            throw new IllegalArgumentException("a return needs a reason");
        }
        if (type == StatementType.RECEIPT && reason.isPresent()) {
            throw new IllegalArgumentException("a receipt carries no reason");
        }
        if ((type == StatementType.DESTRUCTION_CONFIRMATION) == copyNumbers.isEmpty()) {
            throw new IllegalArgumentException("copy numbers belong to, and only to, a destruction confirmation");
        }
    }

    public static Statement receipt(String documentId, byte[] envelopeSm3, String unitCode, Instant time) {
        return new Statement(
                StatementType.RECEIPT, documentId, envelopeSm3, unitCode, time, Optional.empty(), List.of());
    }

    public static Statement returned(
            String documentId, byte[] envelopeSm3, String unitCode, Instant time, String reason) {
        return new Statement(
                StatementType.RETURN, documentId, envelopeSm3, unitCode, time, Optional.of(reason), List.of());
    }

    public static Statement recall(
            String documentId, byte[] envelopeSm3, String unitCode, Instant time, String reason) {
        return new Statement(
                StatementType.RECALL, documentId, envelopeSm3, unitCode, time, Optional.ofNullable(reason), List.of());
    }

    public static Statement voided(
            String documentId, byte[] envelopeSm3, String unitCode, Instant time, String reason) {
        return new Statement(
                StatementType.VOID, documentId, envelopeSm3, unitCode, time, Optional.ofNullable(reason), List.of());
    }

    public static Statement destructionConfirmed(
            String documentId, byte[] envelopeSm3, String unitCode, Instant time, List<String> copyNumbers) {
        return new Statement(
                StatementType.DESTRUCTION_CONFIRMATION,
                documentId,
                envelopeSm3,
                unitCode,
                time,
                Optional.empty(),
                copyNumbers);
    }

    @Override
    public byte[] envelopeSm3() {
        return envelopeSm3.clone();
    }

    public String envelopeSm3Hex() {
        return HexFormat.of().formatHex(envelopeSm3);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Statement s
                && java.util.Arrays.equals(StatementCodec.encode(this), StatementCodec.encode(s));
    }

    @Override
    public int hashCode() {
        return documentId.hashCode() * 31 + type.hashCode();
    }

    @Override
    public String toString() {
        return "Statement[" + type + ", " + documentId + ", envelope " + envelopeSm3Hex() + ", " + unitCode + ", "
                + statementTime + reason.map(r -> ", reason " + r).orElse("")
                + (copyNumbers.isEmpty() ? "" : ", copies " + copyNumbers) + "]";
    }
}
