package org.sealpost.server.seal.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.sealpost.core.seal.SealImage;
import org.sealpost.core.seal.SealVerificationReport;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.seal.ActivatingSeals;
import org.sealpost.server.seal.RequestingSeals;
import org.sealpost.server.seal.SealCustody;
import org.sealpost.server.seal.SealRefused;
import org.sealpost.server.seal.SealRegister;
import org.sealpost.server.seal.SealState;
import org.sealpost.server.seal.SealView;
import org.sealpost.server.seal.StampingDocuments;
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
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Seal pages: the list (for the regulator office: the seal register of every unit), requests and
 * review, activation, PIN change, custody transfers, loss/damage reports, destruction, stamping and
 * verification. The seal picture appears only inside the seal's page, rendered into the page for
 * the regulator office (review) and the custodian; there is no URL that serves it alone.
 */
@Controller
class SealController {

    static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));
    /** Larger than any seal image upload, smaller than any sensible document: refused early. */
    static final long MAX_DOCUMENT_BYTES = 100L * 1024 * 1024;

    private final SealRegister register;
    private final RequestingSeals requesting;
    private final ActivatingSeals activating;
    private final SealCustody custody;
    private final StampingDocuments stamping;

    SealController(
            SealRegister register,
            RequestingSeals requesting,
            ActivatingSeals activating,
            SealCustody custody,
            StampingDocuments stamping) {
        this.register = register;
        this.requesting = requesting;
        this.activating = activating;
        this.custody = custody;
        this.stamping = stamping;
    }

    @GetMapping("/seals")
    String list(Model model) {
        SignedInUser me = me();
        model.addAttribute("seals", register.list(me));
        model.addAttribute("transfers", register.transfers(me));
        model.addAttribute("unitAdmin", me.has(Role.UNIT_ADMIN));
        model.addAttribute("office", me.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR));
        model.addAttribute("director", me.has(Role.OFFICE_DIRECTOR));
        return "seal/list";
    }

    @PostMapping("/seals/requests")
    String request(
            @RequestParam(defaultValue = "") String centreText,
            @RequestParam(defaultValue = "") String custodian,
            @RequestParam(defaultValue = "") String replaces,
            @RequestParam(required = false) MultipartFile image,
            RedirectAttributes redirect)
            throws IOException {
        byte[] upload = null;
        if (image != null && !image.isEmpty()) {
            if (image.getSize() > SealImage.MAX_UPLOAD_BYTES) {
                throw new SealRefused("image.IMAGE_TOO_LARGE", "the seal image is too large");
            }
            upload = image.getBytes();
        }
        String sealId = requesting.request(me(), centreText, custodian, upload, replaces.isBlank() ? null : replaces);
        redirect.addFlashAttribute("doneCode", "requested");
        return "redirect:/seals/" + sealId;
    }

    @GetMapping("/seals/{id}")
    String detail(@PathVariable String id, Model model) {
        SignedInUser me = me();
        SealView seal = register.visible(me, id);
        model.addAttribute("seal", seal);
        model.addAttribute("history", register.history(me, id));
        boolean office = me.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR);
        boolean custodian = seal.custodian().equals(me.username());
        if (office || custodian) {
            model.addAttribute(
                    "picture", "data:image/png;base64," + Base64.getEncoder().encodeToString(register.image(me, id)));
        }
        model.addAttribute("office", office);
        model.addAttribute("custodian", custodian);
        model.addAttribute(
                "unitAdmin", me.has(Role.UNIT_ADMIN) && seal.unitCode().equals(me.unitCode()));
        model.addAttribute("securityAdmin", me.has(Role.SECURITY_ADMIN));
        model.addAttribute("requestedAt", fmt(seal.requestedAt()));
        model.addAttribute("validTo", fmt(seal.validTo()));
        return "seal/detail";
    }

    @PostMapping("/seals/{id}/approve")
    String approve(@PathVariable String id, RedirectAttributes redirect) {
        requesting.approve(me(), id);
        redirect.addFlashAttribute("doneCode", "approved");
        return "redirect:/seals/" + id;
    }

    @PostMapping("/seals/{id}/reject")
    String reject(
            @PathVariable String id, @RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
        requesting.reject(me(), id, reason);
        redirect.addFlashAttribute("doneCode", "rejected");
        return "redirect:/seals/" + id;
    }

    /**
     * The custodian sets the seal PIN: {@code holding=SERVER} keeps the key in a server-held token;
     * {@code holding=UNIT} returns the unit-held seal file (PKCS#12) once, for a USB key.
     */
    @PostMapping("/seals/{id}/activate")
    Object activate(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String pin,
            @RequestParam(defaultValue = "") String confirm,
            @RequestParam(defaultValue = "SERVER") String holding,
            RedirectAttributes redirect) {
        char[] p = pin.toCharArray();
        char[] c = confirm.toCharArray();
        try {
            if ("UNIT".equals(holding)) {
                byte[] file = activating.activateAsFile(me(), id, p, c);
                return ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType("application/x-pkcs12"))
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + ".p12\"")
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .body(file);
            }
            activating.activate(me(), id, p, c);
        } finally {
            Arrays.fill(p, '\0');
            Arrays.fill(c, '\0');
        }
        redirect.addFlashAttribute("doneCode", "activated");
        return "redirect:/seals/" + id;
    }

    @PostMapping("/seals/{id}/pin")
    String changePin(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String oldPin,
            @RequestParam(defaultValue = "") String pin,
            @RequestParam(defaultValue = "") String confirm,
            RedirectAttributes redirect) {
        char[] c = confirm.toCharArray();
        try {
            activating.changePin(me(), id, oldPin.toCharArray(), pin.toCharArray(), c);
        } finally {
            Arrays.fill(c, '\0');
        }
        redirect.addFlashAttribute("doneCode", "pin-changed");
        return "redirect:/seals/" + id;
    }

    @PostMapping("/seals/{id}/reset")
    String reset(@PathVariable String id, RedirectAttributes redirect) {
        activating.resetPin(me(), id);
        redirect.addFlashAttribute("doneCode", "unlocked");
        return "redirect:/seals/" + id;
    }

    @PostMapping("/seals/{id}/transfer")
    String transfer(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String toUser,
            @RequestParam(defaultValue = "") String reason,
            RedirectAttributes redirect) {
        custody.requestTransfer(me(), id, toUser, reason);
        redirect.addFlashAttribute("doneCode", "transfer-requested");
        return "redirect:/seals/" + id;
    }

    @PostMapping("/seals/transfers/{transferId}/approve")
    String approveTransfer(@PathVariable long transferId, RedirectAttributes redirect) {
        custody.decideTransfer(me(), transferId, true);
        redirect.addFlashAttribute("doneCode", "transferred");
        return "redirect:/seals";
    }

    @PostMapping("/seals/transfers/{transferId}/reject")
    String rejectTransfer(@PathVariable long transferId, RedirectAttributes redirect) {
        custody.decideTransfer(me(), transferId, false);
        redirect.addFlashAttribute("doneCode", "transfer-rejected");
        return "redirect:/seals";
    }

    @PostMapping("/seals/{id}/incident")
    String incident(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String kind,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String handling,
            @RequestParam(defaultValue = "") String measures,
            RedirectAttributes redirect) {
        custody.reportIncident(me(), id, kind, reason, handling, measures);
        redirect.addFlashAttribute("doneCode", "revoked");
        return "redirect:/seals/" + id;
    }

    @PostMapping("/seals/{id}/destroy")
    String destroy(@PathVariable String id, RedirectAttributes redirect) {
        custody.destroy(me(), id);
        redirect.addFlashAttribute("doneCode", "destroyed");
        return "redirect:/seals/" + id;
    }

    @GetMapping("/seals/stamp")
    String stampForm(Model model) {
        SignedInUser me = me();
        List<SealView> mine = register.list(me).stream()
                .filter(s -> s.custodian().equals(me.username())
                        && s.state() == SealState.ACTIVE
                        && "SERVER".equals(s.holding()))
                .toList();
        model.addAttribute("mySeals", mine);
        return "seal/stamp";
    }

    @PostMapping("/seals/stamp")
    ResponseEntity<byte[]> stamp(
            @RequestParam MultipartFile document,
            @RequestParam(defaultValue = "") String sealId,
            @RequestParam(defaultValue = "") String pin,
            @RequestParam(defaultValue = "1") int page,
            @RequestParam(defaultValue = "120") double x,
            @RequestParam(defaultValue = "40") double y)
            throws IOException {
        if (document.isEmpty() || document.getSize() > MAX_DOCUMENT_BYTES) {
            throw new SealRefused("document-size", "upload a PDF or OFD document of at most 100 MB");
        }
        byte[] stamped = stamping.stamp(me(), sealId, pin.toCharArray(), document.getBytes(), page, x, y);
        String name = document.getOriginalFilename() == null ? "document" : document.getOriginalFilename();
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        boolean pdf = stamped.length > 4 && stamped[0] == '%';
        return ResponseEntity.ok()
                .contentType(pdf ? MediaType.APPLICATION_PDF : MediaType.parseMediaType("application/ofd"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"stamped-" + safe + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(stamped);
    }

    @GetMapping("/seals/verify")
    String verifyForm() {
        return "seal/verify";
    }

    @PostMapping("/seals/verify")
    String verify(@RequestParam MultipartFile document, Model model) throws IOException {
        if (document.isEmpty() || document.getSize() > MAX_DOCUMENT_BYTES) {
            throw new SealRefused("document-size", "upload a PDF or OFD document of at most 100 MB");
        }
        SealVerificationReport report = stamping.verify(document.getBytes());
        model.addAttribute("report", report);
        model.addAttribute("valid", report.valid());
        model.addAttribute("fileName", document.getOriginalFilename());
        model.addAttribute(
                "stamps",
                report.stamps().stream()
                        .map(s -> new StampRow(
                                s.signerUnit(),
                                s.sealId(),
                                s.sealName(),
                                fmt(s.signingTime()),
                                s.valid(),
                                s.problems().stream()
                                        .map(f -> f.problem().name() + ": " + f.message())
                                        .toList(),
                                s.warnings().stream()
                                        .map(f -> f.problem().name() + ": " + f.message())
                                        .toList()))
                        .toList());
        model.addAttribute(
                "documentProblems",
                report.problems().stream()
                        .map(f -> f.problem().name() + ": " + f.message())
                        .toList());
        return "seal/verify";
    }

    record StampRow(
            String signer,
            String sealId,
            String sealName,
            String time,
            boolean valid,
            List<String> problems,
            List<String> warnings) {}

    @ExceptionHandler(SealRefused.class)
    String refused(SealRefused e, Model model, HttpServletResponse response) {
        HttpStatus status = switch (e.code()) {
            case "not-found" -> HttpStatus.NOT_FOUND;
            case "forbidden", "not-custodian" -> HttpStatus.FORBIDDEN;
            default -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        response.setStatus(status.value());
        model.addAttribute("errorCode", e.code());
        model.addAttribute("errorDetail", e.getMessage());
        model.addAttribute("remaining", e.remainingAttempts());
        return "seal/error";
    }

    private static String fmt(Instant instant) {
        return instant == null ? "" : MINUTE.format(instant);
    }

    private static SignedInUser me() {
        return SignedInUser.current().orElseThrow(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED));
    }
}
