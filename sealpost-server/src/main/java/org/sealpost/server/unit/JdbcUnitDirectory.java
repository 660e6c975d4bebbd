package org.sealpost.server.unit;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

@Repository
class JdbcUnitDirectory implements UnitDirectory {

    private static final String SELECT = "SELECT id, code, name, category FROM unit";
    private static final RowMapper<UnitRef> ROW = (rs, n) -> new UnitRef(
            rs.getLong("id"),
            rs.getString("code"),
            rs.getString("name"),
            UnitCategory.valueOf(rs.getString("category")));

    private final JdbcTemplate jdbc;

    JdbcUnitDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
}
