package org.sealpost.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.stream.Collectors;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page's layout needs: the signed-in person ({@code me}), their unit ({@code myUnit}),
 * their role names ({@code myRoles}, for {@code ${myRoles.contains('UNIT_ADMIN')}}) and the
 * current path for the language switch.
 */
@ControllerAdvice
class LayoutModel {

    private final UnitDirectory units;

    LayoutModel(UnitDirectory units) {
        this.units = units;
    }

    @ModelAttribute("me")
    SignedInUser me() {
        return SignedInUser.current().orElse(null);
    }

    @ModelAttribute("myUnit")
    UnitRef myUnit() {
        return SignedInUser.current().flatMap(u -> units.findById(u.unitId())).orElse(null);
    }

    @ModelAttribute("myRoles")
    Set<String> myRoles() {
        return SignedInUser.current()
                .map(u -> u.roles().stream().map(Role::name).collect(Collectors.toSet()))
                .orElse(Set.of());
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
