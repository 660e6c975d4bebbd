package org.sealpost.server.identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.identity.IdentityException.NotPermitted;
import org.sealpost.server.identity.IdentityException.TotpRejected;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The TOTP second factor: which roles must use it (set by the security admin), enrolment and
 * verification. A code is accepted once: replaying it, even within its window, is refused.
 */
@Service
@Transactional
public class TwoFactor {

    private final JdbcTemplate jdbc;
    private final AccountStore accounts;
    private final SecureRandom random;
    private final AuditLog audit;
    private final Clock clock;

    TwoFactor(JdbcTemplate jdbc, AccountStore accounts, SecureRandom random, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.random = random;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Set<Role> requiredRoles() {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        jdbc.query("SELECT role FROM totp_required_role", rs -> {
            roles.add(Role.valueOf(rs.getString(1)));
        });
        return roles;
    }

    @Transactional(readOnly = true)
    public boolean requiredFor(Set<Role> roles) {
        Set<Role> required = requiredRoles();
        return roles.stream().anyMatch(required::contains);
    }

    /** Only the security admin sets the policy. */
    public void setRequired(SignedInUser actor, Role role, boolean required) {
        if (!actor.has(Role.SECURITY_ADMIN)) {
            throw new NotPermitted("set the TOTP policy");
        }
        jdbc.update("DELETE FROM totp_required_role WHERE role = ?", role.name());
        if (required) {
            jdbc.update(
                    "INSERT INTO totp_required_role (role, required_by, required_at) VALUES (?, ?, ?)",
                    role.name(),
                    actor.username(),
                    AccountStore.at(clock.instant()));
        }
        audit.record(new AuditEntry(
                actor.username(),
                actor.unitCode(),
                "TOTP_POLICY_CHANGED",
                true,
                null,
                "role:" + role,
                "required=" + required));
    }

    /** A fresh secret for enrolment; it is stored only once a code from it is confirmed. */
    public Secret newSecret() {
        return Secret.of(Totp.newSecret(random));
    }

    public String enrolmentUri(String username, Secret secret) {
        return Totp.uri("SealPost", username, secret.reveal());
    }

    /** Stores the secret when {@code code} proves the person's app produces codes from it. */
    public void confirmEnrolment(long accountId, Secret secret, String code) {
        Instant now = clock.instant();
        String base32 = secret.reveal();
        OptionalLong step = Totp.match(base32, code, now);
        if (step.isEmpty()) {
            throw new TotpRejected();
        }
        accounts.setTotp(accountId, base32, now);
        accounts.useTotpStep(accountId, step.getAsLong());
        Account account = accounts.findById(accountId).orElseThrow();
        audit.record(new AuditEntry(account.username(), null, "TOTP_ENROLLED", true, null, null, null));
    }

    /** True once for a valid, unused code of the account's enrolled secret. */
    public boolean verify(long accountId, String code) {
        Account account = accounts.findById(accountId).orElseThrow();
        if (account.totpSecret() == null) {
            return false;
        }
        OptionalLong step = Totp.match(account.totpSecret(), code, clock.instant());
        return step.isPresent() && accounts.useTotpStep(accountId, step.getAsLong());
    }

    /** Removes a lost authenticator (security admin); the person enrols again if their role requires it. */
    public void reset(SignedInUser actor, long accountId) {
        if (!actor.has(Role.SECURITY_ADMIN) || actor.accountId() == accountId) {
            throw new NotPermitted("reset a second factor");
        }
        Account account = accounts.findById(accountId).orElseThrow(IdentityException.AccountNotFound::new);
        accounts.setTotp(accountId, null, clock.instant());
        audit.record(new AuditEntry(
                actor.username(), actor.unitCode(), "TOTP_RESET", true, null, "account:" + account.username(), null));
    }
}
