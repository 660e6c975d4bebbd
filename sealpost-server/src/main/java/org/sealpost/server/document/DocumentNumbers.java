package org.sealpost.server.document;

import java.time.Year;
import java.time.ZoneId;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * 发文字号: allocated per unit, type and year from {@code document_number_counter}, or given by hand
 * and then unique within the unit.
 */
@Component
class DocumentNumbers {

    /** The year in a number is the year in China. */
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final DocumentStore store;
    private final UnitDirectory units;

    DocumentNumbers(DocumentStore store, UnitDirectory units) {
        this.store = store;
        this.units = units;
    }

    /**
     * The next 发文字号 of this unit, type and year ({@code 浙银监发〔2026〕12号}): the counter row is
     * locked by the UPDATE until the transaction ends, so concurrent drafts get distinct numbers; a
     * number already taken by hand is skipped.
     */
    String allocate(String unitCode, DocumentType type) {
        int year = Year.now(store.clock().withZone(CHINA)).getValue();
        String prefix = type.numberPrefix().equals(DocumentTypes.UNIT_PREFIX)
                ? units.findByCode(unitCode).map(UnitRef::name).orElse(unitCode)
                : type.numberPrefix();
        while (true) {
            int updated = store.jdbc()
                    .update(
                            "UPDATE document_number_counter SET last_value = last_value + 1"
                                    + " WHERE unit_code = ? AND type_code = ? AND doc_year = ?",
                            unitCode,
                            type.code(),
                            year);
            if (updated == 0) {
                try {
                    store.jdbc()
                            .update(
                                    "INSERT INTO document_number_counter (unit_code, type_code, doc_year, last_value)"
                                            + " VALUES (?, ?, ?, 1)",
                                    unitCode,
                                    type.code(),
                                    year);
                } catch (DuplicateKeyException raced) {
                    continue;
                }
            }
            int value = store.jdbc()
                    .queryForObject(
                            "SELECT last_value FROM document_number_counter WHERE unit_code = ? AND type_code = ? AND doc_year = ?",
                            Integer.class,
                            unitCode,
                            type.code(),
                            year);
            String number = prefix + "〔" + year + "〕" + value + "号";
            Integer taken = store.jdbc()
                    .queryForObject(
                            "SELECT count(*) FROM document WHERE sender_unit = ? AND doc_no = ?",
                            Integer.class,
                            unitCode,
                            number);
            if (taken == 0) {
                return number;
            }
        }
    }

    /** Refuses a number given by hand that another document of the unit already has (409). */
    void requireUnique(String unitCode, String docNo, String id) {
        Integer taken = store.jdbc()
                .queryForObject(
                        "SELECT count(*) FROM document WHERE sender_unit = ? AND doc_no = ? AND id <> ?",
                        Integer.class,
                        unitCode,
                        docNo,
                        id);
        if (taken > 0) {
            throw duplicate(docNo);
        }
    }

    static DocumentException duplicate(String docNo) {
        return DocumentException.conflict(
                "duplicate-number",
                "The document number " + docNo + " is already used by another document of your unit.");
    }
}
