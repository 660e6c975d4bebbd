package org.sealpost.server.pki.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sealpost.core.pki.Revocation;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.pki.CertificateAlerts;
import org.sealpost.server.pki.IcCards;
import org.sealpost.server.pki.PkiException;
import org.sealpost.server.pki.SystemCa;
import org.sealpost.server.pki.UnitKeys;
import org.sealpost.server.pki.UnitKeys.UnitCredentials;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Certificates page: the regulator office and the security admin see every unit's certificates,
 * alerts and IC cards; a unit's people see their own unit, and its unit admin issues, renews and
 * changes the unit PIN. IC-card links are opened by their holder.
 */
@Controller
class PkiController {

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.of("Asia/Shanghai"));

    /** One row of the certificates table. */
    record Row(
            String code,
            String name,
            boolean issued,
            String signingSerial,
            String encryptionSerial,
            String notAfter,
            boolean revoked,
            boolean locked,
            int failedAttempts) {}

    private final SystemCa ca;
    private final UnitKeys unitKeys;
    private final IcCards cards;
    private final CertificateAlerts alerts;
    private final UnitDirectory units;

    PkiController(SystemCa ca, UnitKeys unitKeys, IcCards cards, CertificateAlerts alerts, UnitDirectory units) {
        this.ca = ca;
        this.unitKeys = unitKeys;
        this.cards = cards;
        this.alerts = alerts;
        this.units = units;
    }

    @GetMapping("/pki")
    String overview(Model model) {
        SignedInUser me = me();
        boolean regulator = me.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR, Role.SECURITY_ADMIN);
        List<UnitRef> visible = regulator
                ? units.all()
                : units.findByCode(me.unitCode()).map(List::of).orElse(List.of());
        Map<String, UnitCredentials> issued = (regulator
                        ? unitKeys.all()
                        : unitKeys.current(me.unitCode()).stream().toList())
                .stream().collect(Collectors.toMap(UnitCredentials::unitCode, Function.identity()));
        model.addAttribute(
                "rows", visible.stream().map(u -> row(u, issued.get(u.code()))).toList());
        model.addAttribute("regulator", regulator);
        model.addAttribute("unitAdmin", me.has(Role.UNIT_ADMIN));
        model.addAttribute("securityAdmin", me.has(Role.SECURITY_ADMIN));
        model.addAttribute("office", me.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR, Role.SECURITY_ADMIN));
        model.addAttribute(
                "mine",
                unitKeys.current(me.unitCode())
                        .map(c -> row(units.findByCode(me.unitCode()).orElseThrow(), c))
                        .orElse(null));
        model.addAttribute(
                "caSubject", ca.certificate().getSubjectX500Principal().getName());
        model.addAttribute(
                "caNotAfter", DAY.format(ca.certificate().getNotAfter().toInstant()));
        model.addAttribute(
                "alerts",
                alerts.open(regulator ? null : me.unitCode()).stream()
                        .map(a -> Map.of(
                                "unit",
                                a.unitCode(),
                                "kind",
                                a.kind(),
                                "serial",
                                a.serial(),
                                "notAfter",
                                DAY.format(a.notAfter())))
                        .toList());
        model.addAttribute(
                "cards",
                (me.has(Role.SECURITY_ADMIN) ? cards.all() : cards.mine(me))
                        .stream()
                                .map(c -> Map.of(
                                        "username", c.username(),
                                        "unit", c.unitCode(),
                                        "granted", DAY.format(c.grantedAt()),
                                        "expires", DAY.format(c.expiresAt()),
                                        "used", c.usedAt() == null ? "" : DAY.format(c.usedAt())))
                                .toList());
        return "pki/overview";
    }

    private static Row row(UnitRef unit, UnitCredentials c) {
        if (c == null) {
            return new Row(unit.code(), unit.name(), false, "", "", "", false, false, 0);
        }
        return new Row(
                unit.code(),
                unit.name(),
                true,
                c.signingSerial(),
                c.encryptionSerial(),
                DAY.format(c.notAfter()),
                c.revoked(),
                c.locked(),
                c.failedAttempts());
    }

    @PostMapping("/pki/units/{code}/issue")
    String issue(
            @PathVariable String code,
            @RequestParam String pin,
            @RequestParam String confirm,
            RedirectAttributes redirect) {
        char[] p = pin.toCharArray();
        char[] c = confirm.toCharArray();
        try {
            unitKeys.issue(me(), code, p, c);
            redirect.addFlashAttribute("doneCode", "issued");
        } finally {
            Arrays.fill(p, '\0');
            Arrays.fill(c, '\0');
        }
        return "redirect:/pki";
    }

    /**
     * Issue or renew with the box "take a copy of the keys" ticked: the answer to the confirmation
     * is the download of the new keys as a PKCS#12 under the unit PIN, once (never stored).
     */
    @PostMapping(path = "/pki/units/{code}/issue", params = "keyFile=true")
    ResponseEntity<byte[]> issueWithKeyFile(
            @PathVariable String code, @RequestParam String pin, @RequestParam String confirm) {
        char[] p = pin.toCharArray();
        char[] c = confirm.toCharArray();
        try {
            UnitKeys.IssuedKeys issued = unitKeys.issue(me(), code, p, c, true);
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType("application/x-pkcs12"))
                    .header(
                            HttpHeaders.CONTENT_DISPOSITION,
                            "attachment; filename=\"" + issued.credentials().unitCode() + ".p12\"")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .body(issued.keyFile());
        } finally {
            Arrays.fill(p, '\0');
            Arrays.fill(c, '\0');
        }
    }

    @PostMapping("/pki/units/{code}/pin")
    String changePin(
            @PathVariable String code,
            @RequestParam String oldPin,
            @RequestParam String pin,
            @RequestParam String confirm,
            RedirectAttributes redirect) {
        char[] c = confirm.toCharArray();
        try {
            unitKeys.changePin(me(), code, oldPin.toCharArray(), pin.toCharArray(), c);
            redirect.addFlashAttribute("doneCode", "pin-changed");
        } finally {
            Arrays.fill(c, '\0');
        }
        return "redirect:/pki";
    }

    @PostMapping("/pki/units/{code}/reset")
    String reset(@PathVariable String code, RedirectAttributes redirect) {
        unitKeys.resetAttempts(me(), code);
        redirect.addFlashAttribute("doneCode", "reset");
        return "redirect:/pki";
    }

    @PostMapping("/pki/units/{code}/revoke")
    String revoke(
            @PathVariable String code, @RequestParam(defaultValue = "1") int reason, RedirectAttributes redirect) {
        int r = reason == Revocation.KEY_COMPROMISE
                        || reason == Revocation.AFFILIATION_CHANGED
                        || reason == Revocation.SUPERSEDED
                        || reason == Revocation.CESSATION_OF_OPERATION
                ? reason
                : Revocation.KEY_COMPROMISE;
        unitKeys.revoke(me(), code, r);
        redirect.addFlashAttribute("doneCode", "revoked");
        return "redirect:/pki";
    }

    @PostMapping("/pki/cards")
    String grantCard(@RequestParam(defaultValue = "") String username, Model model) {
        String secret = cards.grant(me(), username.trim());
        model.addAttribute("cardLink", "/pki/cards/" + secret);
        model.addAttribute("cardUser", username.trim());
        return "pki/card-granted";
    }

    @GetMapping("/pki/cards/{secret}")
    String cardPage(@PathVariable String secret, Model model) {
        IcCards.CardGrant grant = cards.open(me(), secret);
        model.addAttribute("grant", grant);
        model.addAttribute("secret", secret);
        model.addAttribute("expires", DAY.format(grant.expiresAt()));
        return "pki/card";
    }

    @PostMapping("/pki/cards/{secret}")
    ResponseEntity<byte[]> downloadCard(
            @PathVariable String secret, @RequestParam String pin, @RequestParam String confirm) {
        SignedInUser me = me();
        char[] c = confirm.toCharArray();
        try {
            byte[] p12 = cards.download(me, secret, pin.toCharArray(), c);
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType("application/x-pkcs12"))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + me.username() + ".p12\"")
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .body(p12);
        } finally {
            Arrays.fill(c, '\0');
        }
    }

    @ExceptionHandler(PkiException.class)
    String refused(PkiException e, Model model, HttpServletResponse response) {
        HttpStatus status = switch (e.code()) {
            case "not-found" -> HttpStatus.NOT_FOUND;
            case "forbidden" -> HttpStatus.FORBIDDEN;
            default -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        response.setStatus(status.value());
        model.addAttribute("errorCode", e.code());
        model.addAttribute("remaining", e.remainingAttempts());
        return "pki/error";
    }

    private static SignedInUser me() {
        return SignedInUser.current().orElseThrow(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED));
    }
}
