package org.sealpost.server.unit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The regulator office defines custom recipient groups (hand-picked units). Category groups are
 * the system's and refuse every edit.
 */
@Service
public class DefiningRecipientGroups {

    static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9-]{1,39}");

    /** Create or redefine a custom group. {@code unitCodes} are unit codes, not groups. */
    public record DefineGroup(
            String code, String name, String nameEn, String description, List<String> unitCodes, SignedInUser actor) {
        public DefineGroup {
            unitCodes = unitCodes == null ? List.of() : List.copyOf(unitCodes);
        }
    }

    private final RecipientGroupStore store;
    private final UnitDirectory units;
    private final Clock clock;
    private final AuditLog audit;

    DefiningRecipientGroups(RecipientGroupStore store, UnitDirectory units, Clock clock, AuditLog audit) {
        this.store = store;
        this.units = units;
        this.clock = clock;
        this.audit = audit;
    }

    private void audited(SignedInUser actor, String type, String code, String detail) {
        audit.record(new AuditEntry(
                actor == null ? null : actor.username(),
                actor == null ? null : actor.unitCode(),
                type,
                true,
                null,
                "group:" + code,
                detail));
    }

    /** The signed-in user (delete takes no command). */
    private static SignedInUser currentUser() {
        var auth = org.springframework.security.core.context.SecurityContextHolder.getContext()
                .getAuthentication();
        return auth != null && auth.getPrincipal() instanceof SignedInUser user ? user : null;
    }

    @Transactional(readOnly = true)
    public List<RecipientGroup> all() {
        return store.all();
    }

    @Transactional(readOnly = true)
    public RecipientGroup get(String code) {
        return store.find(code).orElseThrow(() -> new UnitException.GroupNotFound(code));
    }

    @PreAuthorize("hasAnyRole('OFFICE_STAFF', 'OFFICE_DIRECTOR')")
    @Transactional
    public RecipientGroup create(DefineGroup command) {
        String code = command.code() == null ? "" : command.code().strip().toUpperCase(Locale.ROOT);
        List<Long> members = validate(command, code, true);
        if (store.codeTaken(code) || isCategoryName(code)) {
            throw new UnitException.CodeTaken(code);
        }
        store.insertCustom(
                code,
                command.name().strip(),
                blankToNull(command.nameEn()),
                blankToNull(command.description()),
                members,
                command.actor().username(),
                clock.instant());
        audited(command.actor(), "GROUP_CREATED", code, members.size() + " units");
        return get(code);
    }

    @PreAuthorize("hasAnyRole('OFFICE_STAFF', 'OFFICE_DIRECTOR')")
    @Transactional
    public RecipientGroup redefine(DefineGroup command) {
        RecipientGroup existing = editable(command.code());
        List<Long> members = validate(command, existing.code(), false);
        store.updateCustom(
                existing.code(),
                command.name().strip(),
                blankToNull(command.nameEn()),
                blankToNull(command.description()),
                members,
                command.actor().username(),
                clock.instant());
        audited(command.actor(), "GROUP_REDEFINED", existing.code(), members.size() + " units");
        return get(existing.code());
    }

    @PreAuthorize("hasAnyRole('OFFICE_STAFF', 'OFFICE_DIRECTOR')")
    @Transactional
    public void delete(String code) {
        String deleted = editable(code).code();
        store.deleteCustom(deleted);
        audited(currentUser(), "GROUP_DELETED", deleted, null);
    }

    private RecipientGroup editable(String code) {
        RecipientGroup group = get(code);
        if (group.isSystem()) {
            throw new UnitException.SystemGroupReadOnly(group.code());
        }
        return group;
    }

    private List<Long> validate(DefineGroup command, String code, boolean checkCode) {
        List<UnitException.FieldViolation> violations = new ArrayList<>();
        if (checkCode && !CODE.matcher(code).matches()) {
            violations.add(new UnitException.FieldViolation("code", "group.validation.code"));
        }
        if (command.name() == null || command.name().isBlank()) {
            violations.add(new UnitException.FieldViolation("name", "unit.validation.required"));
        }
        Set<Long> members = new LinkedHashSet<>();
        for (String unitCode : command.unitCodes()) {
            units.findByCode(unitCode.strip())
                    .ifPresentOrElse(
                            unit -> members.add(unit.id()),
                            () -> violations.add(
                                    new UnitException.FieldViolation("unitCodes", "group.validation.unknown-unit")));
        }
        if (members.isEmpty() && violations.stream().noneMatch(v -> v.field().equals("unitCodes"))) {
            violations.add(new UnitException.FieldViolation("unitCodes", "group.validation.no-units"));
        }
        if (!violations.isEmpty()) {
            throw new UnitException.InvalidInput(violations);
        }
        return List.copyOf(members);
    }

    private static boolean isCategoryName(String code) {
        for (UnitCategory category : UnitCategory.values()) {
            if (category.name().equals(code)) {
                return true;
            }
        }
        return false;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
