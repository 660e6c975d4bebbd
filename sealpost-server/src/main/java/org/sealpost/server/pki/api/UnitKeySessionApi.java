package org.sealpost.server.pki.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.pki.PkiException;
import org.sealpost.server.pki.UnitKeySessions;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Unit key sessions over HTTP: unlock the unit key once for this sign-in, or lock it now. */
@RestController
@Tag(name = "Unit key", description = "Unlock the unit key once per sitting (like plugging in a USB key)")
class UnitKeySessionApi {

    private final UnitKeySessions sessions;

    UnitKeySessionApi(UnitKeySessions sessions) {
        this.sessions = sessions;
    }

    /** The unit key PIN. Never logged. */
    record PinJson(String pin) {
        @Override
        public String toString() {
            return "PinJson[REDACTED]";
        }
    }

    record UnlockedJson(String unit, Instant idleUntil) {}

    @PostMapping("/api/v1/unit-key/unlock")
    @Operation(
            summary = "Unlock the unit key for this sign-in",
            description = "Checks the unit PIN (wrong PINs count; five lock the key) and keeps the unlocked key in this"
                    + " server's memory for this bearer token only, so that sign-for, open, print and download work"
                    + " without the PIN until it is idle for sealpost.keys.unit-session-idle (default 10 minutes),"
                    + " at most sealpost.keys.unit-session-max, or until DELETE /api/v1/unit-key, sign-out,"
                    + " revocation or a PIN change. 409 when sessions are turned off on this server.")
    UnlockedJson unlock(@AuthenticationPrincipal SignedInUser me, @RequestBody(required = false) PinJson body) {
        requireDocumentUser(me);
        if (body == null || body.pin() == null || body.pin().isEmpty()) {
            throw new PkiException("pin-required", "Enter the unit key PIN.");
        }
        return new UnlockedJson(me.unitCode(), sessions.unlock(me, body.pin().toCharArray()));
    }

    @DeleteMapping("/api/v1/unit-key")
    @Operation(
            summary = "Lock the unit key now",
            description = "Ends this sign-in's unit key session and wipes the key from memory. 204 also when none"
                    + " was open.")
    ResponseEntity<Void> lock(@AuthenticationPrincipal SignedInUser me) {
        sessions.lock(me);
        return ResponseEntity.noContent().build();
    }

    private static void requireDocumentUser(SignedInUser me) {
        if (me.unitCode() == null
                || !me.hasAny(
                        Role.OPERATOR_A,
                        Role.OPERATOR_B,
                        Role.OFFICE_STAFF,
                        Role.OFFICE_DIRECTOR,
                        Role.DEPT_HEAD,
                        Role.DEPT_STAFF)) {
            throw PkiException.forbidden();
        }
    }

    @ExceptionHandler(PkiException.class)
    ResponseEntity<ProblemDetail> refused(PkiException e) {
        HttpStatus status = switch (e.code()) {
            case "forbidden" -> HttpStatus.FORBIDDEN;
            case "not-found", "unit-session-off" -> HttpStatus.CONFLICT;
            case "locked" -> HttpStatus.LOCKED;
            default -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(URI.create("urn:sealpost:problem:pki." + e.code()));
        problem.setProperty("code", "pki." + e.code());
        if (e.remainingAttempts() >= 0) {
            problem.setProperty("remainingAttempts", e.remainingAttempts());
        }
        return ResponseEntity.status(status).body(problem);
    }
}
