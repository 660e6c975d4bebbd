package org.sealpost.server.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Optional;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Service;

/**
 * The steps after the password ({@link PendingStep}): the web layer calls {@link #complete} when
 * a step is done, which replaces the session's token by one with the step removed. A wrong TOTP
 * code counts as a failed sign-in, so codes cannot be guessed past the lockout (A03).
 */
@Service
public class SigningIn {

    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final TwoFactor twoFactor;
    private final AccountStore accounts;
    private final SessionControl sessions;
    private final SecurityPolicyProperties props;
    private final AuditLog audit;
    private final Clock clock;

    SigningIn(
            TwoFactor twoFactor,
            AccountStore accounts,
            SessionControl sessions,
            SecurityPolicyProperties props,
            AuditLog audit,
            Clock clock) {
        this.twoFactor = twoFactor;
        this.accounts = accounts;
        this.sessions = sessions;
        this.props = props;
        this.audit = audit;
        this.clock = clock;
    }

    /** The sign-in of the current request, complete or not. */
    public static Optional<SignInToken> current() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof SignInToken t
                ? Optional.of(t)
                : Optional.empty();
    }

    public void complete(PendingStep step, HttpServletRequest request, HttpServletResponse response) {
        SignInToken token = current().orElseThrow();
        SignInToken next = token.without(step);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(next);
        SecurityContextHolder.setContext(context);
        if (next.complete()) {
            // the session now carries full rights: give it a new id, as at any sign-in (S01)
            request.changeSessionId();
        }
        contexts.saveContext(context, request, response);
    }

    /**
     * Checks the second factor of the current sign-in. On too many wrong codes the account is
     * locked and every session of it ends.
     */
    public boolean verifyTotp(String code, HttpServletRequest request, HttpServletResponse response) {
        SignInToken token = current().orElseThrow();
        SignedInUser user = token.user();
        if (twoFactor.verify(user.accountId(), code)) {
            audit.record(entry(user, request, true));
            complete(PendingStep.VERIFY_TOTP, request, response);
            return true;
        }
        audit.record(entry(user, request, false));
        int failures = accounts.recordFailure(
                user.accountId(), props.maxFailedSignIns(), clock.instant().plus(props.lockoutDuration()));
        if (failures >= props.maxFailedSignIns()) {
            sessions.terminateAll(user.username());
        }
        return false;
    }

    private static AuditEntry entry(SignedInUser user, HttpServletRequest request, boolean success) {
        return new AuditEntry(
                user.username(),
                user.unitCode(),
                "TOTP_VERIFY",
                success,
                request.getRemoteAddr(),
                "account:" + user.username(),
                null);
    }
}
