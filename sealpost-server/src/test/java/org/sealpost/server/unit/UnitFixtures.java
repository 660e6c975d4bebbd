package org.sealpost.server.unit;

import java.util.Arrays;
import java.util.List;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Signed-in people of the demo units, for tests. */
final class UnitFixtures {

    static final String BANK_A = "HZB";
    static final String BANK_B = "WZB";
    static final String OFFICE = "ZJBRC-OFFICE";
    static final String DEPT = "ZJBRC-LAW";
    static final String REGULATOR = "ZJBRC";

    private final UnitDirectory units;

    UnitFixtures(UnitDirectory units) {
        this.units = units;
    }

    SignedInUser user(String unitCode, Role... roles) {
        UnitRef unit = units.findByCode(unitCode).orElseThrow();
        String username = (unitCode + "-" + roles[0]).toLowerCase();
        return new SignedInUser(
                Math.abs(username.hashCode()), username, username, unit.id(), unit.code(), java.util.Set.of(roles));
    }

    SignedInUser unitAdmin(String unitCode) {
        return user(unitCode, Role.UNIT_ADMIN);
    }

    SignedInUser officeStaff() {
        return user(OFFICE, Role.OFFICE_STAFF);
    }

    static RequestPostProcessor as(SignedInUser user) {
        List<SimpleGrantedAuthority> authorities = user.roles().stream()
                .map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                .toList();
        Authentication auth = new UsernamePasswordAuthenticationToken(user, null, authorities);
        RequestPostProcessor authentication = SecurityMockMvcRequestPostProcessors.authentication(auth);
        // as a browser in the regulator's province would send it (MockMvc's default is English)
        return request -> {
            request.addHeader("Accept-Language", "zh-CN");
            request.addPreferredLocale(java.util.Locale.SIMPLIFIED_CHINESE);
            return authentication.postProcessRequest(request);
        };
    }

    /** Calls {@code body} with {@code user} in the security context and returns its result. */
    static <T> T as(SignedInUser user, java.util.function.Supplier<T> body) {
        Object[] result = new Object[1];
        signedIn(user, () -> result[0] = body.get());
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    /** Runs {@code body} with {@code user} in the security context (method security checks it). */
    static void signedIn(SignedInUser user, Runnable body) {
        var context = org.springframework.security.core.context.SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new UsernamePasswordAuthenticationToken(
                user,
                null,
                Arrays.stream(user.roles().toArray(Role[]::new))
                        .map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                        .toList()));
        var previous = org.springframework.security.core.context.SecurityContextHolder.getContext();
        org.springframework.security.core.context.SecurityContextHolder.setContext(context);
        try {
            body.run();
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.setContext(previous);
        }
    }
}
