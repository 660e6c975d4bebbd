package org.sealpost.server.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Checks a username and password (form sign-in). Unknown user, wrong password, locked and disabled
 * accounts all fail the same way and take the same time (no user enumeration, SECURITY.md A03);
 * {@code max-failed-sign-ins} consecutive failures lock the account for {@code lockout-duration},
 * during which even the right password is refused. Every attempt is audited, never with the
 * password.
 */
@Component
class PasswordSignIn implements AuthenticationProvider {

    private final AccountStore accounts;
    private final Passwords passwords;
    private final UnitDirectory units;
    private final TwoFactor twoFactor;
    private final AuditLog audit;
    private final SecurityPolicyProperties props;
    private final Clock clock;

    PasswordSignIn(
            AccountStore accounts,
            Passwords passwords,
            UnitDirectory units,
            TwoFactor twoFactor,
            AuditLog audit,
            SecurityPolicyProperties props,
            Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.units = units;
        this.twoFactor = twoFactor;
        this.audit = audit;
        this.props = props;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication request) {
        String username = request.getName() == null ? "" : request.getName().strip();
        Object credentials = request.getCredentials();
        String ip = request.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
        try (Secret password = Secret.of(credentials == null ? "" : credentials.toString())) {
            Instant now = clock.instant();
            Optional<Account> found = accounts.findByUsername(username);
            if (found.isEmpty()) {
                passwords.burnTimeOfOneCheck(password);
                throw refused(username, null, ip, "unknown-user");
            }
            Account account = found.get();
            String unitCode =
                    units.findById(account.unitId()).map(UnitRef::code).orElse(null);
            if (!account.enabled() || account.lockedAt(now)) {
                passwords.burnTimeOfOneCheck(password);
                throw refused(username, unitCode, ip, account.enabled() ? "locked" : "disabled");
            }
            if (!passwords.matches(password, account.passwordHash())) {
                int failures = accounts.recordFailure(
                        account.id(), props.maxFailedSignIns(), now.plus(props.lockoutDuration()));
                if (failures >= props.maxFailedSignIns()) {
                    audit.record(new AuditEntry(
                            username, unitCode, "ACCOUNT_LOCKED", true, ip, "account:" + username, null));
                }
                throw refused(username, unitCode, ip, "wrong-password");
            }
            accounts.clearFailures(account.id());
            SignedInUser user = new SignedInUser(
                    account.id(),
                    account.username(),
                    account.displayName(),
                    account.unitId(),
                    unitCode,
                    account.roles());
            EnumSet<PendingStep> pending = EnumSet.noneOf(PendingStep.class);
            if (account.totpEnrolled()) {
                pending.add(PendingStep.VERIFY_TOTP);
            }
            if (account.mustChangePassword()
                    || (!account.demo() && passwords.expired(account.passwordChangedAt(), now))) {
                pending.add(PendingStep.CHANGE_PASSWORD);
            }
            if (!account.totpEnrolled() && twoFactor.requiredFor(account.roles())) {
                pending.add(PendingStep.ENROL_TOTP);
            }
            audit.record(new AuditEntry(
                    username,
                    unitCode,
                    "SIGN_IN",
                    true,
                    ip,
                    "account:" + username,
                    pending.isEmpty() ? null : "pending=" + pending));
            return new SignInToken(user, pending, now);
        }
    }

    private BadCredentialsException refused(String username, String unitCode, String ip, String reason) {
        audit.record(new AuditEntry(username, unitCode, "SIGN_IN", false, ip, "account:" + username, reason));
        return new BadCredentialsException("bad credentials");
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
