package org.sealpost.server.document;

import java.util.Locale;

/**
 * A 文种 (DESIGN.md §2, seed 第九至十一条).
 *
 * @param code stable code used by the API and CLI
 * @param nameZh the Chinese name ({@code --type} accepts it)
 * @param nameEn the English name
 * @param direction DOWN (regulator → banks) or UP (banks → regulator)
 * @param sealRequired the body must be sealed before it is sent
 * @param signerRequired a 签发人 must be recorded
 * @param approval who must approve in the system before sending
 * @param numberPrefix the 发文字号 prefix ({@code 浙银监发}); null: numbers are optional and
 *     given by hand; {@code "{unit}"}: the sending unit's name
 * @param sender which kind of sender may use it
 * @param requestRequired only in answer to an information request of a department (第十一条)
 */
public record DocumentType(
        String code,
        String nameZh,
        String nameEn,
        Direction direction,
        boolean sealRequired,
        boolean signerRequired,
        Approval approval,
        String numberPrefix,
        SenderKind sender,
        boolean requestRequired) {

    public enum Direction {
        DOWN,
        UP
    }

    public enum Approval {
        /** nothing beyond the sender's own confirmation */
        NONE,
        /** bureau documents: sealed and sent by the office with the approving 签发人 recorded */
        SIGNER,
        /** department informal documents: the department head approves in the system (第十一条) */
        DEPARTMENT_HEAD
    }

    /** Who sends: the regulator's office, a regulator department, or a supervised institution. */
    public enum SenderKind {
        OFFICE,
        DEPARTMENT,
        BANK
    }

    public String name(Locale locale) {
        return locale != null && locale.getLanguage().equals("en") ? nameEn : nameZh;
    }
}
