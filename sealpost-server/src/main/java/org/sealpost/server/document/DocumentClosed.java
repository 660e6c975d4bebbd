package org.sealpost.server.document;

import java.util.List;

/**
 * Published when the sender recalls (撤回, before any signing) or voids (作废, after signing) a sent
 * document: the recipients are told, and after a void each must confirm the destruction of its
 * printed copies by copy number.
 *
 * @param kind RECALLED or VOIDED
 * @param unitCodes the units whose deliveries were closed
 */
public record DocumentClosed(
        String documentId, String senderUnit, String kind, String title, String reason, List<String> unitCodes) {

    public DocumentClosed {
        unitCodes = List.copyOf(unitCodes);
    }

    public String key() {
        return "document-" + kind.toLowerCase(java.util.Locale.ROOT) + ":" + documentId;
    }
}
