package org.sealpost.server.identity;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.identity.IdentityException.SignInRefused;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Service;

/**
 * Sign-in for the command line ({@code POST /api/v1/sign-in}): the same rules as the form sign-in,
 * because the password goes through the same {@link PasswordSignIn} (same answer for unknown user,
 * wrong password, locked and disabled account; lockout after {@code max-failed-sign-ins}), then the
 * steps the web sign-in would ask for: a TOTP code where one is enrolled (a wrong code counts as a
 * failed sign-in, as in {@link SigningIn#verifyTotp}); an expired or one-time password and a
 * missing TOTP enrolment are refused with a reason, as they are done in the web UI. On success it
 * creates an API token named {@code CLI <date>} valid for {@code sealpost.security.cli-token-validity}.
 */
@Service
public class ApiSignIn {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** The new token (shown once) and whose it is. */
    public record Result(Secret token, String username, String unitCode, Instant expiresAt) {}

    private final PasswordSignIn passwordSignIn;
    private final TwoFactor twoFactor;
    private final AccountStore accounts;
    private final ApiTokens tokens;
    private final SecurityPolicyProperties props;
    private final AuditLog audit;
    private final Clock clock;

    ApiSignIn(
            PasswordSignIn passwordSignIn,
            TwoFactor twoFactor,
            AccountStore accounts,
            ApiTokens tokens,
            SecurityPolicyProperties props,
            AuditLog audit,
            Clock clock) {
        this.passwordSignIn = passwordSignIn;
        this.twoFactor = twoFactor;
        this.accounts = accounts;
        this.tokens = tokens;
        this.props = props;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Checks the sign-in and returns a new API token.
     *
     * @param totp the current code of the enrolled authenticator, or null
     * @param ip the client's address, for the audit log
     * @throws SignInRefused when the sign-in is refused; every refusal is audited
     */
    public Result signIn(String username, String password, String totp, String ip) {
        UsernamePasswordAuthenticationToken request =
                UsernamePasswordAuthenticationToken.unauthenticated(username, password == null ? "" : password);
        request.setDetails(new WebAuthenticationDetails(ip, null));
        int failedBefore = accounts.findByUsername(username == null ? "" : username.strip())
                .map(Account::failedSignIns)
                .orElse(0);
        SignInToken signedIn;
        try {
            signedIn = (SignInToken) passwordSignIn.authenticate(request);
        } catch (BadCredentialsException e) {
            // PasswordSignIn has audited the reason (SIGN_IN); the caller learns nothing more
            audit.record(
                    new AuditEntry(username, null, "API_SIGN_IN", false, ip, "account:" + username, "sign-in-failed"));
            throw new SignInRefused("sign-in-failed", 401, "Wrong username or password, or the account is locked.");
        }
        SignedInUser user = signedIn.user();
        Account account = accounts.findById(user.accountId()).orElseThrow();
        if (account.totpEnrolled()) {
            if (totp == null || totp.isBlank()) {
                accounts.restoreFailures(user.accountId(), failedBefore);
                throw refused(
                        user,
                        ip,
                        new SignInRefused(
                                "totp-required", 401, "A one-time code from your authenticator app is required."));
            }
            boolean ok = twoFactor.verify(user.accountId(), totp.strip());
            audit.record(new AuditEntry(
                    user.username(), user.unitCode(), "TOTP_VERIFY", ok, ip, "account:" + user.username(), "api"));
            if (!ok) {
                accounts.restoreFailures(user.accountId(), failedBefore);
                accounts.recordFailure(
                        user.accountId(),
                        props.maxFailedSignIns(),
                        clock.instant().plus(props.lockoutDuration()));
                throw refused(
                        user,
                        ip,
                        new SignInRefused(
                                "totp-rejected", 401, "The one-time code is wrong, expired or already used."));
            }
        }
        if (signedIn.pending(PendingStep.CHANGE_PASSWORD)) {
            throw refused(
                    user,
                    ip,
                    new SignInRefused(
                            "password-change-required",
                            403,
                            "Your password has expired or must be changed: sign in to the web UI, change it,"
                                    + " then sign in here again."));
        }
        if (signedIn.pending(PendingStep.ENROL_TOTP)) {
            throw refused(
                    user,
                    ip,
                    new SignInRefused(
                            "totp-enrolment-required",
                            403,
                            "Your role requires a second factor: sign in to the web UI and enrol an authenticator"
                                    + " app first."));
        }
        String name = "CLI " + LocalDate.ofInstant(clock.instant(), CHINA);
        ApiTokens.CreatedToken created = tokens.create(user, name, props.cliTokenValidity());
        audit.record(new AuditEntry(
                user.username(),
                user.unitCode(),
                "API_SIGN_IN",
                true,
                ip,
                "account:" + user.username(),
                "api-token:" + created.token().id()));
        return new Result(
                created.value(),
                user.username(),
                user.unitCode(),
                created.token().expiresAt());
    }

    private SignInRefused refused(SignedInUser user, String ip, SignInRefused refusal) {
        audit.record(new AuditEntry(
                user.username(),
                user.unitCode(),
                "API_SIGN_IN",
                false,
                ip,
                "account:" + user.username(),
                refusal.code()));
        return refusal;
    }
}
