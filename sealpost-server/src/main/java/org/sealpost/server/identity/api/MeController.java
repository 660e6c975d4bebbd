package org.sealpost.server.identity.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.List;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the API token belongs to: lets the CLI check its configuration. */
@RestController
class MeController {

    /** The signed-in person; {@code unit} is the unit code the CLI and API use everywhere. */
    record Me(String username, String displayName, String unit, String unitName, List<Role> roles) {}

    private final UnitDirectory units;

    MeController(UnitDirectory units) {
        this.units = units;
    }

    @GetMapping("/api/v1/me")
    @Operation(summary = "The account behind the API token", security = @SecurityRequirement(name = "bearer"))
    Me me() {
        SignedInUser user = SignedInUser.current().orElseThrow();
        String unitName = units.findById(user.unitId()).map(UnitRef::name).orElse("");
        return new Me(
                user.username(),
                user.displayName(),
                user.unitCode(),
                unitName,
                user.roles().stream().sorted().toList());
    }
}
