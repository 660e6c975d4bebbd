package org.sealpost.server.unit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The system admin registers units and changes their name, category or active flag. A unit's code
 * never changes: it is the key the CLI, the API and other capabilities hold.
 */
@Service
@PreAuthorize("hasRole('SYSTEM_ADMIN')")
public class ManagingUnits {

    static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,39}");

    /** A unit's editable facts; {@code code} names the unit to change, or the new unit's code. */
    public record DefineUnit(
            String code, String name, String nameEn, UnitCategory category, boolean active, SignedInUser actor) {}

    /** The editable facts of one unit, for a form. */
    public record UnitDetails(String code, String name, String nameEn, UnitCategory category, boolean active) {}

    private final JdbcTemplate jdbc;
    private final RecipientGroupStore groups;
    private final Clock clock;
    private final AuditLog audit;

    ManagingUnits(JdbcTemplate jdbc, RecipientGroupStore groups, Clock clock, AuditLog audit) {
        this.jdbc = jdbc;
        this.groups = groups;
        this.clock = clock;
        this.audit = audit;
    }

    private void audited(DefineUnit command, String type, String code) {
        SignedInUser actor = command.actor();
        audit.record(new AuditEntry(
                actor == null ? null : actor.username(),
                actor == null ? null : actor.unitCode(),
                type,
                true,
                null,
                "unit:" + code,
                command.name().strip() + " " + command.category() + (command.active() ? "" : " inactive")));
    }

    @Transactional(readOnly = true)
    public UnitDetails details(String code) {
        return jdbc
                .query(
                        "SELECT code, name, name_en, category, active FROM unit WHERE code = ?",
                        (rs, n) -> new UnitDetails(
                                rs.getString("code"),
                                rs.getString("name"),
                                rs.getString("name_en"),
                                UnitCategory.valueOf(rs.getString("category")),
                                rs.getBoolean("active")),
                        code)
                .stream()
                .findFirst()
                .orElseThrow(() -> new UnitException.UnitNotFound(code));
    }

    @Transactional
    public void register(DefineUnit command) {
        String code = command.code() == null ? "" : command.code().strip().toUpperCase(Locale.ROOT);
        List<UnitException.FieldViolation> violations = violations(command);
        if (!CODE.matcher(code).matches()) {
            violations.add(0, new UnitException.FieldViolation("code", "unit.validation.code"));
        }
        if (!violations.isEmpty()) {
            throw new UnitException.InvalidInput(violations);
        }
        if (groups.codeTaken(code) || isCategoryName(code)) {
            throw new UnitException.CodeTaken(code);
        }
        jdbc.update(
                "INSERT INTO unit (code, name, name_en, category, active, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                code,
                command.name().strip(),
                DefiningRecipientGroups.blankToNull(command.nameEn()),
                command.category().name(),
                command.active(),
                RecipientGroupStore.at(clock.instant()));
        audited(command, "UNIT_REGISTERED", code);
    }

    @Transactional
    public void change(DefineUnit command) {
        UnitDetails existing = details(command.code());
        List<UnitException.FieldViolation> violations = violations(command);
        if (!violations.isEmpty()) {
            throw new UnitException.InvalidInput(violations);
        }
        jdbc.update(
                "UPDATE unit SET name = ?, name_en = ?, category = ?, active = ? WHERE code = ?",
                command.name().strip(),
                DefiningRecipientGroups.blankToNull(command.nameEn()),
                command.category().name(),
                command.active(),
                existing.code());
        audited(command, "UNIT_CHANGED", existing.code());
    }

    private static List<UnitException.FieldViolation> violations(DefineUnit command) {
        List<UnitException.FieldViolation> v = new ArrayList<>();
        if (command.name() == null || command.name().isBlank()) {
            v.add(new UnitException.FieldViolation("name", "unit.validation.required"));
        } else if (command.name().length() > 200) {
            v.add(new UnitException.FieldViolation("name", "unit.validation.too-long"));
        }
        if (command.category() == null) {
            v.add(new UnitException.FieldViolation("category", "unit.validation.required"));
        }
        return v;
    }

    private static boolean isCategoryName(String code) {
        for (UnitCategory category : UnitCategory.values()) {
            if (category.name().equals(code)) {
                return true;
            }
        }
        return false;
    }
}
