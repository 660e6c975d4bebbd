package org.sealpost.server.unit;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

@Repository
class JdbcUnitDirectory implements UnitDirectory {

    static final String SELECT = "SELECT id, code, name, category FROM unit";
    static final RowMapper<UnitRef> ROW = (rs, n) -> new UnitRef(
            rs.getLong("id"),
            rs.getString("code"),
            rs.getString("name"),
            UnitCategory.valueOf(rs.getString("category")));
    static final Comparator<UnitRef> ORDER =
            Comparator.comparing(UnitRef::category).thenComparing(UnitRef::code);

    private final JdbcTemplate jdbc;
    private final RecipientGroupStore groups;

    JdbcUnitDirectory(JdbcTemplate jdbc, RecipientGroupStore groups) {
        this.jdbc = jdbc;
        this.groups = groups;
    }

    @Override
    public Optional<UnitRef> findByCode(String code) {
        return jdbc.query(SELECT + " WHERE code = ?", ROW, code).stream().findFirst();
    }

    @Override
    public Optional<UnitRef> findById(long id) {
        return jdbc.query(SELECT + " WHERE id = ?", ROW, id).stream().findFirst();
    }

    @Override
    public List<UnitRef> all() {
        return jdbc.query(SELECT + " WHERE active ORDER BY category, code", ROW);
    }

    @Override
    public List<UnitRef> resolve(Collection<String> unitOrGroupCodes) {
        Map<Long, UnitRef> units = new LinkedHashMap<>();
        for (String raw : unitOrGroupCodes) {
            String code = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
            for (UnitRef unit : resolveOne(code)) {
                units.putIfAbsent(unit.id(), unit);
            }
        }
        return units.values().stream().sorted(ORDER).toList();
    }

    private List<UnitRef> resolveOne(String code) {
        List<UnitRef> unit = jdbc.query(SELECT + " WHERE active AND upper(code) = ?", ROW, code);
        if (!unit.isEmpty()) {
            return unit;
        }
        Optional<RecipientGroup> group = groups.find(code);
        if (group.isPresent()) {
            return group.get().units();
        }
        for (UnitCategory category : UnitCategory.values()) {
            if (category.name().equals(code)) {
                return groups.activeUnitsOf(category);
            }
        }
        throw new UnitException.UnknownRecipient(code);
    }

    @Override
    public List<SmsContact> smsContacts(String unitCode) {
        return jdbc.query(
                "SELECT c.name, c.mobile FROM unit_contact c JOIN unit u ON u.id = c.unit_id"
                        + " WHERE u.code = ? AND c.receives_sms AND c.mobile IS NOT NULL AND c.mobile <> ''"
                        + " ORDER BY c.sort_order, c.id",
                (rs, n) -> new SmsContact(rs.getString(1), rs.getString(2)),
                unitCode);
    }

    @Override
    public List<EmailContact> emailContacts(String unitCode) {
        return jdbc.query(
                "SELECT c.name, c.email FROM unit_contact c JOIN unit u ON u.id = c.unit_id"
                        + " WHERE u.code = ? AND c.email IS NOT NULL AND c.email <> ''"
                        + " ORDER BY c.sort_order, c.id",
                (rs, n) -> new EmailContact(rs.getString(1), rs.getString(2)),
                unitCode);
    }
}
