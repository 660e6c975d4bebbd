package org.sealpost.server.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.identity.AccountView;
import org.sealpost.server.identity.DocumentUsage;
import org.sealpost.server.identity.ManagingAccounts;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The home page: for each role, what this person must do next. Administrators see locked
 * accounts and passwords about to expire; a unit admin also sees non-operators waiting for the
 * document-usage grant. Document work lists stay empty until the document capabilities exist.
 */
@Controller
class HomeController {

    static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    private final ManagingAccounts accounts;
    private final DocumentUsage documentUsage;
    private final Clock clock;
    private final org.sealpost.server.pki.CertificateAlerts certificateAlerts;
    private final org.sealpost.server.seal.SealRegister seals;
    private final org.sealpost.server.document.ComposingDocuments documents;

    HomeController(
            ManagingAccounts accounts,
            DocumentUsage documentUsage,
            Clock clock,
            org.sealpost.server.pki.CertificateAlerts certificateAlerts,
            org.sealpost.server.seal.SealRegister seals,
            org.sealpost.server.document.ComposingDocuments documents) {
        this.accounts = accounts;
        this.documentUsage = documentUsage;
        this.clock = clock;
        this.certificateAlerts = certificateAlerts;
        this.seals = seals;
        this.documents = documents;
    }

    @GetMapping("/")
    String home(Model model) {
        SignedInUser me = SignedInUser.current().orElseThrow();
        model.addAttribute("mayUseDocuments", documentUsage.mayUseDocuments(me));
        if (me.hasAny(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.UNIT_ADMIN)) {
            List<AccountView> people = accounts.list(me);
            Instant soon = clock.instant().plus(EXPIRY_WARNING);
            model.addAttribute(
                    "lockedAccounts",
                    people.stream().filter(AccountView::locked).toList());
            model.addAttribute(
                    "expiringPasswords",
                    people.stream()
                            .filter(a -> a.enabled()
                                    && a.passwordExpiresAt() != null
                                    && a.passwordExpiresAt().isBefore(soon))
                            .toList());
            if (me.has(Role.UNIT_ADMIN)) {
                model.addAttribute(
                        "awaitingUsageGrant",
                        people.stream()
                                .filter(a -> a.id() != me.accountId()
                                        && a.enabled()
                                        && !a.has(Role.OPERATOR_A)
                                        && !a.has(Role.OPERATOR_B)
                                        && a.documentUsageGrantedBy() == null)
                                .toList());
            }
        }
        boolean office = me.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR, Role.SECURITY_ADMIN);
        if (office || me.has(Role.UNIT_ADMIN)) {
            // issue 4: certificates expiring within 60 days or expired (the scheduled scan raises them)
            model.addAttribute("certificateAlerts", certificateAlerts.open(office ? null : me.unitCode()));
        }
        if (me.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR)) {
            model.addAttribute(
                    "sealRequests",
                    seals.list(me).stream()
                            .filter(s -> s.state() == org.sealpost.server.seal.SealState.REQUESTED)
                            .toList());
        }
        if (me.has(Role.OFFICE_DIRECTOR)) {
            model.addAttribute(
                    "sealTransfers",
                    seals.transfers(me).stream()
                            .filter(t -> "PENDING".equals(t.state()))
                            .toList());
        }
        if (documentUsage.mayUseDocuments(me)
                && me.hasAny(
                        Role.OFFICE_STAFF,
                        Role.OFFICE_DIRECTOR,
                        Role.DEPT_STAFF,
                        Role.DEPT_HEAD,
                        Role.OPERATOR_A,
                        Role.OPERATOR_B)) {
            // issue 5: the sender's drafts and documents on their way; the head's approvals
            var mine = documents.list(me, null);
            model.addAttribute(
                    "myDrafts", mine.stream().filter(d -> d.state().editable()).count());
            model.addAttribute(
                    "myInProgress",
                    mine.stream()
                            .filter(d -> switch (d.state()) {
                                case PENDING_APPROVAL, APPROVED, SEALED -> true;
                                default -> false;
                            })
                            .count());
            if (me.has(Role.DEPT_HEAD)) {
                model.addAttribute(
                        "pendingApprovals",
                        mine.stream()
                                .filter(d -> d.state() == org.sealpost.server.document.DocumentState.PENDING_APPROVAL
                                        && !d.draftedBy().equals(me.username()))
                                .count());
            }
        }
        return "home/index";
    }
}
