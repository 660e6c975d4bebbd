package org.sealpost.server.identity.web;

import java.time.Duration;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.identity.ApiTokens;
import org.sealpost.server.identity.ApiTokens.CreatedToken;
import org.sealpost.server.identity.IdentityException;
import org.sealpost.server.identity.Secret;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Each person's own API tokens for the CLI: create (shown once), list, revoke. */
@Controller
class ApiTokenController {

    /** One line of the token list, dates formatted for display. */
    record Row(long id, String name, String created, String expires, String lastUsed, boolean usable) {}

    private final ApiTokens tokens;
    private final java.time.Clock clock;

    ApiTokenController(ApiTokens tokens, java.time.Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    private java.util.List<Row> rows() {
        return tokens.list(me()).stream()
                .map(t -> new Row(
                        t.id(),
                        t.name(),
                        Dates.minute(t.createdAt()),
                        Dates.day(t.expiresAt()),
                        Dates.minute(t.lastUsedAt()),
                        t.usableAt(clock.instant())))
                .toList();
    }

    @GetMapping("/identity/tokens")
    String list(Model model) {
        model.addAttribute("tokens", rows());
        return "identity/tokens";
    }

    @PostMapping("/identity/tokens")
    String create(
            @RequestParam String name,
            @RequestParam(defaultValue = "90") int days,
            Model model,
            RedirectAttributes redirect) {
        try {
            CreatedToken created = tokens.create(me(), name, Duration.ofDays(days));
            try (Secret value = created.value()) {
                model.addAttribute("created", created.token());
                model.addAttribute("tokenValue", value.reveal());
            }
            model.addAttribute("tokens", rows());
            return "identity/tokens";
        } catch (IdentityException e) {
            redirect.addFlashAttribute("errorCode", e.code());
            return "redirect:/identity/tokens";
        }
    }

    @PostMapping("/identity/tokens/{id}/revoke")
    String revoke(@PathVariable long id, RedirectAttributes redirect) {
        try {
            tokens.revoke(me(), id);
            redirect.addFlashAttribute("doneCode", "token-revoked");
        } catch (IdentityException e) {
            redirect.addFlashAttribute("errorCode", e.code());
        }
        return "redirect:/identity/tokens";
    }

    private static SignedInUser me() {
        return SignedInUser.current().orElseThrow();
    }
}
