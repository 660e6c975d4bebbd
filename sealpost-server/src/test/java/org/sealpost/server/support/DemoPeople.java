package org.sealpost.server.support;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The demo's people and PINs as the demo loaders left them in a test run: the principal of a demo
 * account, unit key PINs and seal PINs (target/demo-pins.properties and demo-seal-pins.properties),
 * and MockMvc authentication as a given person.
 */
public final class DemoPeople {

    private final JdbcTemplate jdbc;
    private final Properties pins = new Properties();

    public DemoPeople(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        load(Path.of("target/demo-pins.properties"));
        load(Path.of("target/demo-seal-pins.properties"));
    }

    private void load(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            pins.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("demo PINs missing: " + file, e);
        }
    }

    /** The PIN of the unit's key (its certificates). */
    public String unitPin(String unitCode) {
        return pins.getProperty("unit." + unitCode);
    }

    /** The PIN of the unit's demo seal. */
    public String sealPin(String unitCode) {
        return pins.getProperty("seal." + unitCode);
    }

    /** The principal of a demo account, with its roles, as a signed-in request would carry it. */
    public SignedInUser user(String username) {
        return jdbc.queryForObject(
                "SELECT a.id, a.username, a.display_name, u.id, u.code FROM account a JOIN unit u ON u.id = a.unit_id"
                        + " WHERE a.username = ?",
                (rs, n) -> {
                    Set<Role> roles = EnumSet.noneOf(Role.class);
                    jdbc.queryForList("SELECT role FROM account_role WHERE account_id = ?", String.class, rs.getLong(1))
                            .forEach(r -> roles.add(Role.valueOf(r)));
                    return new SignedInUser(
                            rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), roles);
                },
                username);
    }

    /** MockMvc authentication as this person. */
    public static RequestPostProcessor as(SignedInUser user) {
        var authorities = user.roles().stream()
                .map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                .toList();
        return SecurityMockMvcRequestPostProcessors.authentication(
                new UsernamePasswordAuthenticationToken(user, null, authorities));
    }
}
