package org.sealpost.server.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.sealpost.server.identity.ChangingPassword;
import org.sealpost.server.identity.ChangingPassword.ChangePassword;
import org.sealpost.server.identity.IdentityException;
import org.sealpost.server.identity.PendingStep;
import org.sealpost.server.identity.Secret;
import org.sealpost.server.identity.SignInToken;
import org.sealpost.server.identity.SigningIn;
import org.sealpost.server.identity.TwoFactor;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The sign-in page and the steps after the password: TOTP, password change, TOTP enrolment. */
@Controller
class SignInController {

    static final String ENROLMENT_SECRET = SignInController.class.getName() + ".enrolmentSecret";

    private final SigningIn signingIn;
    private final ChangingPassword changingPassword;
    private final TwoFactor twoFactor;

    SignInController(SigningIn signingIn, ChangingPassword changingPassword, TwoFactor twoFactor) {
        this.signingIn = signingIn;
        this.changingPassword = changingPassword;
        this.twoFactor = twoFactor;
    }

    @GetMapping("/login")
    String login() {
        return "identity/login";
    }

    @GetMapping("/login/totp")
    String totpForm() {
        return "identity/totp-verify";
    }

    @PostMapping("/login/totp")
    String totp(@RequestParam String code, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (signingIn.verifyTotp(code.strip(), request, response)) {
            return "redirect:/";
        }
        response.setStatus(400);
        model.addAttribute("errorCode", "totp-rejected");
        return "identity/totp-verify";
    }

    @GetMapping("/password/change")
    String passwordForm(Model model) {
        model.addAttribute("forced", forced(PendingStep.CHANGE_PASSWORD));
        return "identity/password-change";
    }

    @PostMapping("/password/change")
    String changePassword(
            @RequestParam("current") String current,
            @RequestParam("next") String next,
            @RequestParam("confirm") String confirm,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        SignInToken token = SigningIn.current().orElseThrow();
        try (Secret cur = Secret.of(current);
                Secret nxt = Secret.of(next)) {
            if (!next.equals(confirm)) {
                response.setStatus(400);
                model.addAttribute("errorCode", "password-mismatch");
                model.addAttribute("forced", forced(PendingStep.CHANGE_PASSWORD));
                return "identity/password-change";
            }
            changingPassword.change(
                    token.user(), new ChangePassword(token.user().accountId(), cur, nxt));
        } catch (IdentityException e) {
            response.setStatus(e.status());
            model.addAttribute("errorCode", e.code());
            model.addAttribute("forced", forced(PendingStep.CHANGE_PASSWORD));
            return "identity/password-change";
        }
        if (forced(PendingStep.CHANGE_PASSWORD)) {
            signingIn.complete(PendingStep.CHANGE_PASSWORD, request, response);
        }
        return "redirect:/?passwordChanged";
    }

    @GetMapping("/totp/enrol")
    String enrolForm(HttpSession session, Model model) {
        Secret secret = pendingSecret(session);
        model.addAttribute("secret", secret.reveal());
        model.addAttribute("forced", forced(PendingStep.ENROL_TOTP));
        return "identity/totp-enrol";
    }

    /** The enrolment QR code, drawn here: no external service ever sees the secret. */
    @GetMapping(value = "/totp/enrol/qr.svg", produces = "image/svg+xml")
    @ResponseBody
    ResponseEntity<String> enrolQr(HttpSession session) {
        SignInToken token = SigningIn.current().orElseThrow();
        String uri = twoFactor.enrolmentUri(token.user().username(), pendingSecret(session));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.valueOf("image/svg+xml"))
                .body(QrCodes.svg(uri));
    }

    @PostMapping("/totp/enrol")
    String enrol(
            @RequestParam String code,
            HttpSession session,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        SignInToken token = SigningIn.current().orElseThrow();
        Secret secret = pendingSecret(session);
        try {
            twoFactor.confirmEnrolment(token.user().accountId(), secret, code.strip());
        } catch (IdentityException e) {
            model.addAttribute("errorCode", e.code());
            model.addAttribute("secret", secret.reveal());
            model.addAttribute("forced", forced(PendingStep.ENROL_TOTP));
            return "identity/totp-enrol";
        }
        session.removeAttribute(ENROLMENT_SECRET);
        if (forced(PendingStep.ENROL_TOTP)) {
            signingIn.complete(PendingStep.ENROL_TOTP, request, response);
        }
        return "redirect:/?totpEnrolled";
    }

    private Secret pendingSecret(HttpSession session) {
        Object stored = session.getAttribute(ENROLMENT_SECRET);
        if (stored instanceof String value) {
            return Secret.of(value);
        }
        Secret fresh = twoFactor.newSecret();
        session.setAttribute(ENROLMENT_SECRET, fresh.reveal());
        return fresh;
    }

    private static boolean forced(PendingStep step) {
        return SigningIn.current()
                .flatMap(SignInToken::nextStep)
                .filter(s -> s == step)
                .isPresent();
    }
}
