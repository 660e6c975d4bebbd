package org.sealpost.server.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.identity.AccountCommands.AccountCreated;
import org.sealpost.server.identity.AccountCommands.CreateAccount;
import org.sealpost.server.identity.AccountCommands.GrantRole;
import org.sealpost.server.identity.AccountCommands.RevokeRole;
import org.sealpost.server.identity.IdentityException.AccountNotFound;
import org.sealpost.server.identity.IdentityException.DuplicateUsername;
import org.sealpost.server.identity.IdentityException.InvalidInput;
import org.sealpost.server.identity.IdentityException.NotPermitted;
import org.sealpost.server.identity.IdentityException.SeparatedDutiesConflict;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * People administration: creating accounts, granting and revoking roles, enabling, disabling,
 * unlocking, resetting passwords, ending sessions, and the unit admin's document-usage grant.
 * Every call is authorised by {@link AdministrationPolicy} and audited.
 */
@Service
@Transactional
public class ManagingAccounts {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");

    private final AccountStore store;
    private final UnitDirectory units;
    private final Passwords passwords;
    private final SessionControl sessions;
    private final AuditLog audit;
    private final Clock clock;

    ManagingAccounts(
            AccountStore store,
            UnitDirectory units,
            Passwords passwords,
            SessionControl sessions,
            AuditLog audit,
            Clock clock) {
        this.store = store;
        this.units = units;
        this.passwords = passwords;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<AccountView> list(SignedInUser actor) {
        if (actor.hasAny(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)) {
            return store.findAll().stream().map(this::view).toList();
        }
        if (actor.has(Role.UNIT_ADMIN)) {
            return store.findByUnit(actor.unitId()).stream().map(this::view).toList();
        }
        throw new NotPermitted("list accounts");
    }

    /** Another unit's account looks like no account at all (C02: 404, not 403). */
    @Transactional(readOnly = true)
    public AccountView view(SignedInUser actor, long accountId) {
        return view(visible(actor, accountId));
    }

    public AccountCreated create(SignedInUser actor, CreateAccount cmd) {
        UnitRef unit = units.findByCode(cmd.unitCode()).orElseThrow(() -> new InvalidInput("unknown-unit"));
        AdministrationPolicy.mayCreate(actor, unit).ifPresent(this::refuse);
        String username = cmd.username() == null ? "" : cmd.username().strip();
        if (!USERNAME.matcher(username).matches()) {
            throw new InvalidInput("invalid-username");
        }
        String displayName = cmd.displayName() == null ? "" : cmd.displayName().strip();
        if (displayName.isEmpty() || displayName.length() > 100) {
            throw new InvalidInput("invalid-display-name");
        }
        if (store.usernameTaken(username)) {
            throw new DuplicateUsername(username);
        }
        Instant now = clock.instant();
        Secret password = passwords.generate();
        long id = store.insert(username, displayName, unit.id(), passwords.hash(password), true, false, now);
        Account created = store.findById(id).orElseThrow();
        for (Role role : cmd.roles()) {
            grant(actor, created, role, unit, now);
            created = store.findById(id).orElseThrow();
        }
        record(actor, "ACCOUNT_CREATED", username, "unit=" + unit.code() + " roles=" + cmd.roles());
        return new AccountCreated(view(created), password);
    }

    public AccountView grantRole(SignedInUser actor, GrantRole cmd) {
        Account target = visible(actor, cmd.accountId());
        UnitRef unit = unitOf(target);
        grant(actor, target, cmd.role(), unit, clock.instant());
        record(actor, "ROLE_GRANTED", target.username(), cmd.role().name());
        return view(store.findById(target.id()).orElseThrow());
    }

    public AccountView revokeRole(SignedInUser actor, RevokeRole cmd) {
        Account target = visible(actor, cmd.accountId());
        AdministrationPolicy.mayGrant(actor, target, cmd.role(), unitOf(target)).ifPresent(this::refuse);
        store.revokeRole(target.id(), cmd.role());
        // a session keeps the roles it signed in with: end it so the revocation takes effect now
        sessions.terminateAll(target.username());
        record(actor, "ROLE_REVOKED", target.username(), cmd.role().name());
        return view(store.findById(target.id()).orElseThrow());
    }

    /** Disabling also ends every session of the account (SECURITY.md A07). */
    public AccountView setEnabled(SignedInUser actor, long accountId, boolean enabled) {
        Account target = maintainable(actor, accountId);
        store.setEnabled(target.id(), enabled);
        if (!enabled) {
            sessions.terminateAll(target.username());
        }
        record(actor, enabled ? "ACCOUNT_ENABLED" : "ACCOUNT_DISABLED", target.username(), null);
        return view(store.findById(target.id()).orElseThrow());
    }

    public AccountView unlock(SignedInUser actor, long accountId) {
        Account target = maintainable(actor, accountId);
        store.clearFailures(target.id());
        record(actor, "ACCOUNT_UNLOCKED", target.username(), null);
        return view(store.findById(target.id()).orElseThrow());
    }

    /** A new one-time password, shown once; the person must change it at next sign-in. */
    public Secret resetPassword(SignedInUser actor, long accountId) {
        Account target = maintainable(actor, accountId);
        Secret password = passwords.generate();
        store.setPassword(target.id(), passwords.hash(password), true, clock.instant());
        store.clearFailures(target.id());
        sessions.terminateAll(target.username());
        record(actor, "PASSWORD_RESET", target.username(), null);
        return password;
    }

    public int terminateSessions(SignedInUser actor, long accountId) {
        Account target = maintainable(actor, accountId);
        int ended = sessions.terminateAll(target.username());
        record(actor, "SESSIONS_TERMINATED", target.username(), "count=" + ended);
        return ended;
    }

    /** The unit admin records that the unit's leadership allowed a non-operator to use documents. */
    public AccountView grantDocumentUsage(SignedInUser actor, long accountId) {
        Account target = visible(actor, accountId);
        AdministrationPolicy.mayGrantDocumentUsage(actor, target).ifPresent(this::refuse);
        store.grantDocumentUsage(target.id(), actor.username(), clock.instant());
        record(actor, "DOCUMENT_USAGE_GRANTED", target.username(), null);
        return view(store.findById(target.id()).orElseThrow());
    }

    public AccountView revokeDocumentUsage(SignedInUser actor, long accountId) {
        Account target = visible(actor, accountId);
        AdministrationPolicy.mayGrantDocumentUsage(actor, target).ifPresent(this::refuse);
        store.revokeDocumentUsage(target.id());
        record(actor, "DOCUMENT_USAGE_REVOKED", target.username(), null);
        return view(store.findById(target.id()).orElseThrow());
    }

    private void grant(SignedInUser actor, Account target, Role role, UnitRef unit, Instant now) {
        AdministrationPolicy.mayGrant(actor, target, role, unit).ifPresent(this::refuse);
        if (target.roles().contains(role)) {
            return;
        }
        Optional<Role> conflict = AdministrationPolicy.separatedDutyConflict(target.roles(), role);
        if (conflict.isPresent()) {
            record(actor, "ROLE_GRANT_REFUSED", target.username(), role + " conflicts with " + conflict.get());
            throw new SeparatedDutiesConflict(role, conflict.get());
        }
        store.grantRole(target.id(), role, actor.username(), now);
    }

    private Account visible(SignedInUser actor, long accountId) {
        Account target = store.findById(accountId).orElseThrow(AccountNotFound::new);
        if (!AdministrationPolicy.maySee(actor, target.unitId())) {
            throw new AccountNotFound();
        }
        return target;
    }

    private Account maintainable(SignedInUser actor, long accountId) {
        Account target = visible(actor, accountId);
        AdministrationPolicy.mayMaintain(actor, target).ifPresent(this::refuse);
        return target;
    }

    private UnitRef unitOf(Account account) {
        return units.findById(account.unitId()).orElseThrow();
    }

    private void refuse(String what) {
        throw new NotPermitted(what);
    }

    private void record(SignedInUser actor, String type, String object, String detail) {
        audit.record(new AuditEntry(actor.username(), actor.unitCode(), type, true, null, "account:" + object, detail));
    }

    AccountView view(Account a) {
        UnitRef unit = units.findById(a.unitId()).orElse(null);
        Optional<AccountStore.DocumentUsageGrant> usage = store.documentUsageGrant(a.id());
        return new AccountView(
                a.id(),
                a.username(),
                a.displayName(),
                a.unitId(),
                unit == null ? "" : unit.code(),
                unit == null ? "" : unit.name(),
                a.enabled(),
                a.lockedAt(clock.instant()),
                a.mustChangePassword(),
                a.roles(),
                a.totpEnrolled(),
                a.passwordChangedAt(),
                a.demo() ? null : passwords.expiresAt(a.passwordChangedAt()),
                usage.map(AccountStore.DocumentUsageGrant::grantedBy).orElse(null),
                usage.map(AccountStore.DocumentUsageGrant::grantedAt).orElse(null));
    }
}
