package org.sealpost.server.identity.web;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.identity.AccountCommands.AccountCreated;
import org.sealpost.server.identity.AccountCommands.CreateAccount;
import org.sealpost.server.identity.AccountCommands.GrantRole;
import org.sealpost.server.identity.AccountCommands.RevokeRole;
import org.sealpost.server.identity.AccountView;
import org.sealpost.server.identity.IdentityException;
import org.sealpost.server.identity.ManagingAccounts;
import org.sealpost.server.identity.Secret;
import org.sealpost.server.identity.TwoFactor;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * People administration pages (系统管理员, 安全管理员, 单位管理员). The rules are in the service;
 * this controller only shows their outcome. A generated password is rendered once, never
 * redirected to or stored.
 */
@Controller
@RequestMapping("/identity/people")
class PeopleController {

    private final ManagingAccounts accounts;
    private final TwoFactor twoFactor;
    private final UnitDirectory units;

    PeopleController(ManagingAccounts accounts, TwoFactor twoFactor, UnitDirectory units) {
        this.accounts = accounts;
        this.twoFactor = twoFactor;
        this.units = units;
    }

    @GetMapping
    String list(Model model) {
        SignedInUser me = me();
        model.addAttribute("people", accounts.list(me));
        model.addAttribute("units", creatableUnits(me));
        model.addAttribute("grantableRoles", grantableAtCreation(me));
        model.addAttribute("mayCreate", me.hasAny(Role.SYSTEM_ADMIN, Role.UNIT_ADMIN));
        return "identity/people";
    }

    @PostMapping
    String create(
            @RequestParam String username,
            @RequestParam String displayName,
            @RequestParam String unitCode,
            @RequestParam(required = false) Set<Role> roles,
            Model model,
            RedirectAttributes redirect) {
        try {
            AccountCreated created = accounts.create(me(), new CreateAccount(username, displayName, unitCode, roles));
            return oneTimePassword(model, created.account(), created.oneTimePassword());
        } catch (IdentityException e) {
            redirect.addFlashAttribute("errorCode", e.code());
            return "redirect:/identity/people";
        }
    }

    @GetMapping("/{id}")
    String person(@PathVariable long id, Model model) {
        SignedInUser me = me();
        AccountView person = found(() -> accounts.view(me, id));
        model.addAttribute("person", person);
        model.addAttribute("passwordExpires", Dates.day(person.passwordExpiresAt()));
        model.addAttribute("allRoles", List.of(Role.values()));
        model.addAttribute("mayGrantRoles", me.hasAny(Role.SECURITY_ADMIN, Role.UNIT_ADMIN));
        model.addAttribute("mayGrantUsage", me.has(Role.UNIT_ADMIN) && me.accountId() != id);
        model.addAttribute("mayResetTotp", me.has(Role.SECURITY_ADMIN) && person.totpEnrolled());
        model.addAttribute("isSelf", me.accountId() == id);
        return "identity/person";
    }

    @PostMapping("/{id}/roles/grant")
    String grant(@PathVariable long id, @RequestParam Role role, RedirectAttributes redirect) {
        return act(id, redirect, "role-granted", () -> accounts.grantRole(me(), new GrantRole(id, role)));
    }

    @PostMapping("/{id}/roles/revoke")
    String revoke(@PathVariable long id, @RequestParam Role role, RedirectAttributes redirect) {
        return act(id, redirect, "role-revoked", () -> accounts.revokeRole(me(), new RevokeRole(id, role)));
    }

    @PostMapping("/{id}/enable")
    String enable(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, "account-enabled", () -> accounts.setEnabled(me(), id, true));
    }

    @PostMapping("/{id}/disable")
    String disable(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, "account-disabled", () -> accounts.setEnabled(me(), id, false));
    }

    @PostMapping("/{id}/unlock")
    String unlock(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, "account-unlocked", () -> accounts.unlock(me(), id));
    }

    @PostMapping("/{id}/sessions/terminate")
    String terminate(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, "sessions-terminated", () -> accounts.terminateSessions(me(), id));
    }

    @PostMapping("/{id}/document-usage/grant")
    String grantUsage(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, "usage-granted", () -> accounts.grantDocumentUsage(me(), id));
    }

    @PostMapping("/{id}/document-usage/revoke")
    String revokeUsage(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, "usage-revoked", () -> accounts.revokeDocumentUsage(me(), id));
    }

    @PostMapping("/{id}/totp/reset")
    String resetTotp(@PathVariable long id, RedirectAttributes redirect) {
        return act(id, redirect, "totp-reset", () -> {
            twoFactor.reset(me(), id);
            return null;
        });
    }

    @PostMapping("/{id}/password-reset")
    String resetPassword(@PathVariable long id, Model model, RedirectAttributes redirect) {
        SignedInUser me = me();
        try {
            Secret password = accounts.resetPassword(me, id);
            return oneTimePassword(model, accounts.view(me, id), password);
        } catch (IdentityException.AccountNotFound e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        } catch (IdentityException e) {
            redirect.addFlashAttribute("errorCode", e.code());
            return "redirect:/identity/people/" + id;
        }
    }

    private String oneTimePassword(Model model, AccountView account, Secret password) {
        try (password) {
            model.addAttribute("person", account);
            model.addAttribute("oneTimePassword", password.reveal());
            return "identity/one-time-password";
        }
    }

    private String act(long id, RedirectAttributes redirect, String done, Supplier<?> action) {
        try {
            action.get();
            redirect.addFlashAttribute("doneCode", done);
        } catch (IdentityException.AccountNotFound e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        } catch (IdentityException e) {
            redirect.addFlashAttribute("errorCode", e.code());
        }
        return "redirect:/identity/people/" + id;
    }

    private static <T> T found(Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (IdentityException.AccountNotFound e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    private List<UnitRef> creatableUnits(SignedInUser me) {
        if (me.has(Role.SYSTEM_ADMIN)) {
            return units.all();
        }
        if (me.has(Role.UNIT_ADMIN)) {
            return units.findById(me.unitId()).map(List::of).orElse(List.of());
        }
        return List.of();
    }

    private static Set<Role> grantableAtCreation(SignedInUser me) {
        return me.has(Role.UNIT_ADMIN)
                ? EnumSet.of(Role.OPERATOR_A, Role.OPERATOR_B, Role.UNIT_LEADER)
                : EnumSet.noneOf(Role.class);
    }

    private static SignedInUser me() {
        return SignedInUser.current().orElseThrow();
    }
}
