package org.sealpost.server.identity.web;

import java.util.List;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.identity.TwoFactor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The security admin decides which roles must sign in with a TOTP code. */
@Controller
class TotpPolicyController {

    private final TwoFactor twoFactor;

    TotpPolicyController(TwoFactor twoFactor) {
        this.twoFactor = twoFactor;
    }

    @GetMapping("/identity/totp-policy")
    String policy(Model model) {
        model.addAttribute("allRoles", List.of(Role.values()));
        model.addAttribute("required", twoFactor.requiredRoles());
        return "identity/totp-policy";
    }

    @PostMapping("/identity/totp-policy")
    String update(@RequestParam Role role, @RequestParam boolean required, RedirectAttributes redirect) {
        twoFactor.setRequired(SignedInUser.current().orElseThrow(), role, required);
        redirect.addFlashAttribute("doneCode", "totp-policy-saved");
        return "redirect:/identity/totp-policy";
    }
}
