package org.sealpost.server.unit.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import org.sealpost.server.unit.DefiningRecipientGroups;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.api.ApiJson.GroupJson;
import org.sealpost.server.unit.api.ApiJson.UnitJson;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@PreAuthorize("isAuthenticated()")
@Tag(name = "Units", description = "Units (使用单位) and recipient groups (发送范围)")
class UnitsApi {

    private final UnitDirectory units;
    private final DefiningRecipientGroups groups;

    UnitsApi(UnitDirectory units, DefiningRecipientGroups groups) {
        this.units = units;
        this.groups = groups;
    }

    @GetMapping("/units")
    @Operation(
            summary = "List active units",
            description = "Every active unit, or the units a recipient group, category or unit code resolves to."
                    + " An unknown code answers 400 with code unit.unknown-recipient.")
    List<UnitJson> units(
            @Parameter(description = "a group code, category name or unit code") @RequestParam(required = false)
                    String group,
            Locale locale) {
        var found = group == null || group.isBlank() ? units.all() : units.resolve(List.of(group));
        return found.stream().map(u -> UnitJson.of(u, locale)).toList();
    }

    @GetMapping("/groups")
    @Operation(summary = "List recipient groups with their member unit codes")
    List<GroupJson> groups() {
        return groups.all().stream().map(GroupJson::of).toList();
    }
}
