package org.sealpost.server.unit.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.unit.UnitException;
import org.sealpost.server.unit.UpdatingRoster;
import org.sealpost.server.unit.ViewingRoster;
import org.sealpost.server.unit.api.ApiJson.ChangeJson;
import org.sealpost.server.unit.api.ApiJson.ContactInput;
import org.sealpost.server.unit.api.ApiJson.ContactsInput;
import org.sealpost.server.unit.api.ApiJson.ContactsJson;
import org.sealpost.server.unit.api.ApiJson.EntryInput;
import org.sealpost.server.unit.api.ApiJson.RosterInput;
import org.sealpost.server.unit.api.ApiJson.RosterJson;
import org.sealpost.server.unit.api.ApiJson.StaleJson;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Roster (人员备案) and contacts of a unit. A unit admin reads and writes their own unit; the
 * regulator office any unit; regulator departments read with phones masked; another unit's
 * people get 404.
 */
@RestController
@RequestMapping("/api/v1")
@PreAuthorize("isAuthenticated()")
@Tag(name = "Roster", description = "Roster and contacts of a unit (实施细则第六、七条)")
@ApiResponse(responseCode = "404", description = "no such unit, or not visible to the caller (code unit.not-found)")
class RosterApi {

    private final ViewingRoster viewing;
    private final UpdatingRoster updating;

    RosterApi(ViewingRoster viewing, UpdatingRoster updating) {
        this.viewing = viewing;
        this.updating = updating;
    }

    @GetMapping("/units/{code}/roster")
    @Operation(summary = "Read a unit's roster")
    RosterJson roster(@PathVariable String code) {
        return RosterJson.of(viewing.view(code, user()));
    }

    @PutMapping("/units/{code}/roster")
    @Operation(
            summary = "Replace a unit's roster",
            description =
                    "Field errors answer 400 (code unit.invalid-input) with errors[].field like entries[1].mobile.")
    @ApiResponse(responseCode = "403", description = "may see but not change this roster (code unit.access-refused)")
    RosterJson replaceRoster(@PathVariable String code, @RequestBody RosterInput body) {
        if (body.entries() == null) {
            throw required("entries");
        }
        updating.replace(new UpdatingRoster.ReplaceRoster(
                code, body.entries().stream().map(EntryInput::toEntry).toList(), user()));
        return roster(code);
    }

    @GetMapping("/units/{code}/contacts")
    @Operation(
            summary = "Read a unit's contacts (meeting registration, SMS and e-mail recipients)",
            description = "Phones and e-mail addresses are masked for viewers outside the unit and the"
                    + " regulator office (phonesMasked true).")
    ContactsJson contacts(@PathVariable String code) {
        return ContactsJson.of(viewing.view(code, user()));
    }

    @PutMapping("/units/{code}/contacts")
    @Operation(
            summary = "Replace a unit's contacts",
            description = "Field errors answer 400 (code unit.invalid-input) with errors[].field like"
                    + " contacts[0].email. Every change is written to the roster change log.")
    @ApiResponse(responseCode = "403", description = "may see but not change these contacts (code unit.access-refused)")
    ContactsJson replaceContacts(@PathVariable String code, @RequestBody ContactsInput body) {
        if (body.contacts() == null) {
            throw required("contacts");
        }
        updating.replace(new UpdatingRoster.ReplaceContacts(
                code, body.contacts().stream().map(ContactInput::toContact).toList(), user()));
        return contacts(code);
    }

    @PostMapping("/units/{code}/roster/confirmation")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Confirm that the unit's roster and contacts are current (unit admin only)")
    void confirm(@PathVariable String code) {
        updating.confirm(new UpdatingRoster.ConfirmRoster(code, user()));
    }

    @GetMapping("/units/{code}/roster/changes")
    @Operation(summary = "The change log of a unit's roster and contacts, newest first")
    List<ChangeJson> changes(@PathVariable String code) {
        return viewing.changes(code, user()).stream().map(ChangeJson::of).toList();
    }

    @GetMapping("/roster/stale")
    @PreAuthorize("hasAnyRole('OFFICE_STAFF', 'OFFICE_DIRECTOR')")
    @Operation(summary = "Units whose roster is overdue for confirmation (regulator office only)")
    List<StaleJson> stale() {
        return viewing.stale().stream().map(StaleJson::of).toList();
    }

    private static SignedInUser user() {
        return SignedInUser.current().orElseThrow(() -> new AccessDeniedException("not a SealPost account"));
    }

    private static UnitException required(String field) {
        return new UnitException.InvalidInput(
                List.of(new UnitException.FieldViolation(field, "unit.validation.required")));
    }
}
