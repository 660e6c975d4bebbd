package org.sealpost.server.document;

import static org.sealpost.server.document.DocumentType.Approval.DEPARTMENT_HEAD;
import static org.sealpost.server.document.DocumentType.Approval.NONE;
import static org.sealpost.server.document.DocumentType.Approval.SIGNER;
import static org.sealpost.server.document.DocumentType.Direction.DOWN;
import static org.sealpost.server.document.DocumentType.Direction.UP;
import static org.sealpost.server.document.DocumentType.SenderKind.BANK;
import static org.sealpost.server.document.DocumentType.SenderKind.DEPARTMENT;
import static org.sealpost.server.document.DocumentType.SenderKind.OFFICE;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The catalog of 文种. Regulator → banks (第九条): the office seals and sends the bureau's documents
 * (局发文, 局办公室发文, 局便函, 局办便函) with the approving 签发人 recorded, and sends publications
 * and unsealed material; departments send informal notices (第十一条) after their head approves.
 * Banks → regulator (第十条): formal documents (sealed, with a 签发人), publications, other
 * material (重大突发事件报告, 调查报告), licensing applications (paper follows); informal material
 * only in answer to a department's request (第十一条).
 */
@Component
public class DocumentTypes {

    /** The sending unit's name as number prefix (banks use their own short name). */
    public static final String UNIT_PREFIX = "{unit}";

    private static final List<DocumentType> ALL = List.of(
            bureauSealed("BUREAU_DOC", "局发文", "Bureau document", "浙银监发"),
            bureauSealed("OFFICE_DOC", "局办公室发文", "Bureau office document", "浙银监办发"),
            bureauSealed("BUREAU_LETTER", "局便函", "Bureau letter", "浙银监便函"),
            bureauSealed("OFFICE_LETTER", "局办便函", "Bureau office letter", "浙银监办便函"),
            officeUnsealed("BUREAU_PUBLICATION", "信息刊物", "Bureau publication"),
            officeUnsealed("BUREAU_OTHER", "非盖章类其他资料", "Other unsealed material"),
            departmentInformal("DEPT_NOTICE", "通知类", "Department notice"),
            departmentInformal("DEPT_SURVEY", "调研类", "Department survey"),
            departmentInformal("DEPT_MEETING", "会议报名类", "Department meeting registration"),
            departmentInformal("DEPT_INFO", "信息类", "Department information"),
            bankSealed("BANK_FORMAL", "正式公文", "Formal document"),
            bankUnsealed("BANK_PUBLICATION", "信息刊物", "Publication"),
            bankUnsealed("BANK_OTHER", "其他资料", "Other material (incl. major incident and investigation reports)"),
            bankUnsealed("BANK_INCIDENT_REPORT", "重大突发事件报告", "Major incident report"),
            bankUnsealed("BANK_INVESTIGATION_REPORT", "调查报告", "Investigation report"),
            bankSealed("LICENSING_APPLICATION", "行政许可申请", "Administrative licensing application"),
            new DocumentType(
                    "BANK_INFORMAL_REPLY",
                    "非正式公文材料（答复处室）",
                    "Informal material answering a department request",
                    UP,
                    false,
                    false,
                    NONE,
                    null,
                    BANK,
                    true));

    /** The office's sealed documents: a 签发人 recorded, numbered with the bureau's prefix. */
    private static DocumentType bureauSealed(String code, String nameZh, String nameEn, String numberPrefix) {
        return new DocumentType(code, nameZh, nameEn, DOWN, true, true, SIGNER, numberPrefix, OFFICE, false);
    }

    /** The office's publications and other unsealed material. */
    private static DocumentType officeUnsealed(String code, String nameZh, String nameEn) {
        return new DocumentType(code, nameZh, nameEn, DOWN, false, false, NONE, null, OFFICE, false);
    }

    /** A department's informal material (第十一条): unsealed, approved by the department head. */
    private static DocumentType departmentInformal(String code, String nameZh, String nameEn) {
        return new DocumentType(code, nameZh, nameEn, DOWN, false, false, DEPARTMENT_HEAD, null, DEPARTMENT, false);
    }

    /** A bank's sealed documents: a 签发人 recorded, numbered with the bank's own name. */
    private static DocumentType bankSealed(String code, String nameZh, String nameEn) {
        return new DocumentType(code, nameZh, nameEn, UP, true, true, NONE, UNIT_PREFIX, BANK, false);
    }

    /** A bank's publications, reports and other unsealed material. */
    private static DocumentType bankUnsealed(String code, String nameZh, String nameEn) {
        return new DocumentType(code, nameZh, nameEn, UP, false, false, NONE, null, BANK, false);
    }

    public List<DocumentType> all() {
        return ALL;
    }

    /** By code, or by Chinese name preferring the types this kind of sender may use. */
    public Optional<DocumentType> find(String codeOrName, DocumentType.SenderKind sender) {
        if (codeOrName == null) {
            return Optional.empty();
        }
        String v = codeOrName.trim();
        return ALL.stream()
                .filter(t -> t.code().equalsIgnoreCase(v) || t.nameZh().equals(v))
                .sorted(Comparator.comparing(t -> t.sender() == sender ? 0 : 1))
                .findFirst();
    }

    /** By code (any case) or Chinese name; of two types with one name, the first in the catalog. */
    public Optional<DocumentType> find(String codeOrName) {
        return find(codeOrName, null);
    }
}
