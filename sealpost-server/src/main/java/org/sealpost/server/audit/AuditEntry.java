package org.sealpost.server.audit;

/**
 * One security-relevant event: who (actor, unit), what (type, object), whether it succeeded and
 * from where. Never put a secret in {@code detail}.
 */
public record AuditEntry(
        String actor, String unitCode, String eventType, boolean success, String ip, String objectRef, String detail) {

    public AuditEntry {
        actor = orDash(actor);
        unitCode = orDash(unitCode);
        ip = orDash(ip);
        objectRef = orDash(objectRef);
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }
}
