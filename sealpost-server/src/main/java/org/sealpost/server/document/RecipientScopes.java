package org.sealpost.server.document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sealpost.server.unit.UnitCategory;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitException;
import org.sealpost.server.unit.UnitRef;
import org.springframework.stereotype.Component;

/**
 * A document's scope: the units, recipient groups and categories the sender chose (table
 * {@code document_scope}, MAIN and CC) and the recipient units they resolve to.
 */
@Component
class RecipientScopes {

    private final DocumentStore store;
    private final DocumentTypes types;
    private final UnitDirectory units;

    RecipientScopes(DocumentStore store, DocumentTypes types, UnitDirectory units) {
        this.store = store;
        this.types = types;
        this.units = units;
    }

    /**
     * Resolves the chosen scope. Unknown codes → 400 naming them; an UP document goes only to the
     * regulator and its departments; informal material only to the department that asked.
     */
    ResolvedScope resolve(DocumentView doc) {
        List<UnitRef> main = resolveCodes(doc.scopeRefs("MAIN"));
        Set<String> seen = new LinkedHashSet<>();
        List<UnitRef> mainOut = new ArrayList<>();
        for (UnitRef u : main) {
            if (!u.code().equals(doc.senderUnit()) && seen.add(u.code())) {
                mainOut.add(u);
            }
        }
        List<UnitRef> ccOut = new ArrayList<>();
        for (UnitRef u : resolveCodes(doc.scopeRefs("CC"))) {
            if (!u.code().equals(doc.senderUnit()) && seen.add(u.code())) {
                ccOut.add(u);
            }
        }
        DocumentType type = types.find(doc.typeCode()).orElseThrow();
        if (type.direction() == DocumentType.Direction.UP) {
            for (UnitRef u : mainOut) {
                requireRegulator(u);
            }
            for (UnitRef u : ccOut) {
                requireRegulator(u);
            }
        }
        return new ResolvedScope(List.copyOf(mainOut), List.copyOf(ccOut));
    }

    private static void requireRegulator(UnitRef u) {
        if (!u.category().isRegulator()) {
            throw DocumentException.invalid(
                    "up-to-regulator-only",
                    "An institution's document goes to the regulator or its departments, not to " + u.code() + " ("
                            + u.name() + ").");
        }
    }

    /**
     * Unit codes are looked up in one read of the directory (a scope of hundreds of units); groups
     * and categories go through {@link UnitDirectory#resolve}. Ordered by category, then code.
     */
    private List<UnitRef> resolveCodes(List<String> codes) {
        if (codes.isEmpty()) {
            return List.of();
        }
        Map<String, UnitRef> byCode = new HashMap<>();
        for (UnitRef u : units.all()) {
            byCode.put(u.code().toUpperCase(Locale.ROOT), u);
        }
        Map<String, UnitRef> found = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        for (String code : codes) {
            UnitRef unit = code == null ? null : byCode.get(code.strip().toUpperCase(Locale.ROOT));
            if (unit != null) {
                found.putIfAbsent(unit.code(), unit);
            } else {
                others.add(code);
            }
        }
        if (!others.isEmpty()) {
            try {
                units.resolve(others).forEach(u -> found.putIfAbsent(u.code(), u));
            } catch (UnitException.UnknownRecipient e) {
                throw DocumentException.invalid("unknown-recipient", "Unknown recipient: " + unknownOf(others) + ".");
            }
        }
        return found.values().stream()
                .sorted(Comparator.comparing((UnitRef u) -> u.category().ordinal())
                        .thenComparing(UnitRef::code))
                .toList();
    }

    private String unknownOf(List<String> codes) {
        for (String code : codes) {
            try {
                units.resolve(List.of(code));
            } catch (UnitException.UnknownRecipient e) {
                return code;
            }
        }
        return String.join(", ", codes);
    }

    /** Records a document's chosen scope of one role (MAIN or CC): each unit, group or category once. */
    void replace(String id, String role, List<String> refs) {
        store.jdbc().update("DELETE FROM document_scope WHERE document_id = ? AND scope_role = ?", id, role);
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : refs) {
            if (raw == null || raw.isBlank()) {
                continue;
            }
            String ref = raw.trim();
            if (!seen.add(ref.toUpperCase(Locale.ROOT))) {
                continue;
            }
            String kind;
            if (units.findByCode(ref).isPresent()) {
                kind = "UNIT";
            } else {
                resolveCodes(List.of(ref));
                kind = isCategory(ref) ? "CATEGORY" : "GROUP";
            }
            store.jdbc()
                    .update(
                            "INSERT INTO document_scope (document_id, scope_role, kind, ref) VALUES (?, ?, ?, ?)",
                            id,
                            role,
                            kind,
                            ComposingDocuments.clip(ref, 100));
        }
    }

    private static boolean isCategory(String ref) {
        for (UnitCategory c : UnitCategory.values()) {
            if (c.name().equalsIgnoreCase(ref)) {
                return true;
            }
        }
        return false;
    }
}
