package org.sealpost.server.document;

import static org.sealpost.server.document.DocumentType.Approval.DEPARTMENT_HEAD;
import static org.sealpost.server.document.DocumentType.Approval.NONE;
import static org.sealpost.server.document.DocumentType.Approval.SIGNER;
import static org.sealpost.server.document.DocumentType.Direction.DOWN;
import static org.sealpost.server.document.DocumentType.Direction.UP;
import static org.sealpost.server.document.DocumentType.SenderKind.BANK;
import static org.sealpost.server.document.DocumentType.SenderKind.DEPARTMENT;
import static org.sealpost.server.document.DocumentType.SenderKind.OFFICE;

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
            new DocumentType("BUREAU_DOC", "局发文", "Bureau document", DOWN, true, true, SIGNER, "浙银监发", OFFICE, false),
            new DocumentType(
                    "OFFICE_DOC", "局办公室发文", "Bureau office document", DOWN, true, true, SIGNER, "浙银监办发", OFFICE, false),
            new DocumentType("BUREAU_LETTER", "局便函", "Bureau letter", DOWN, true, true, SIGNER, "浙银监便函", OFFICE, false),
            new DocumentType(
                    "OFFICE_LETTER", "局办便函", "Bureau office letter", DOWN, true, true, SIGNER, "浙银监办便函", OFFICE, false),
            new DocumentType(
                    "BUREAU_PUBLICATION", "信息刊物", "Bureau publication", DOWN, false, false, NONE, null, OFFICE, false),
            new DocumentType(
                    "BUREAU_OTHER",
                    "非盖章类其他资料",
                    "Other unsealed material",
                    DOWN,
                    false,
                    false,
                    NONE,
                    null,
                    OFFICE,
                    false),
            new DocumentType(
                    "DEPT_NOTICE",
                    "通知类",
                    "Department notice",
                    DOWN,
                    false,
                    false,
                    DEPARTMENT_HEAD,
                    null,
                    DEPARTMENT,
                    false),
            new DocumentType(
                    "DEPT_SURVEY",
                    "调研类",
                    "Department survey",
                    DOWN,
                    false,
                    false,
                    DEPARTMENT_HEAD,
                    null,
                    DEPARTMENT,
                    false),
            new DocumentType(
                    "DEPT_MEETING",
                    "会议报名类",
                    "Department meeting registration",
                    DOWN,
                    false,
                    false,
                    DEPARTMENT_HEAD,
                    null,
                    DEPARTMENT,
                    false),
            new DocumentType(
                    "DEPT_INFO",
                    "信息类",
                    "Department information",
                    DOWN,
                    false,
                    false,
                    DEPARTMENT_HEAD,
                    null,
                    DEPARTMENT,
                    false),
            new DocumentType("BANK_FORMAL", "正式公文", "Formal document", UP, true, true, NONE, UNIT_PREFIX, BANK, false),
            new DocumentType("BANK_PUBLICATION", "信息刊物", "Publication", UP, false, false, NONE, null, BANK, false),
            new DocumentType(
                    "BANK_OTHER",
                    "其他资料",
                    "Other material (incl. major incident and investigation reports)",
                    UP,
                    false,
                    false,
                    NONE,
                    null,
                    BANK,
                    false),
            new DocumentType(
                    "BANK_INCIDENT_REPORT",
                    "重大突发事件报告",
                    "Major incident report",
                    UP,
                    false,
                    false,
                    NONE,
                    null,
                    BANK,
                    false),
            new DocumentType(
                    "BANK_INVESTIGATION_REPORT",
                    "调查报告",
                    "Investigation report",
                    UP,
                    false,
                    false,
                    NONE,
                    null,
                    BANK,
                    false),
            new DocumentType(
                    "LICENSING_APPLICATION",
                    "行政许可申请",
                    "Administrative licensing application",
                    UP,
                    true,
                    true,
                    NONE,
                    UNIT_PREFIX,
                    BANK,
                    false),
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
                .sorted(java.util.Comparator.comparing(t -> t.sender() == sender ? 0 : 1))
                .findFirst();
    }

    /** By code (any case) or Chinese name. */
    public Optional<DocumentType> find(String codeOrName) {
        if (codeOrName == null) {
            return Optional.empty();
        }
        String v = codeOrName.trim();
        return ALL.stream()
                .filter(t -> t.code().equalsIgnoreCase(v) || t.nameZh().equals(v))
                .findFirst();
    }
}
