package org.sealpost.server.identity;

import java.time.Clock;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.identity.IdentityException.PasswordRejected;
import org.sealpost.server.identity.IdentityException.WrongPassword;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A person changes their own password: the current one confirms it, the new one meets the policy. */
@Service
@Transactional
public class ChangingPassword {

    /** Both secrets are wiped by the caller (try-with-resources). */
    public record ChangePassword(long accountId, Secret current, Secret next) {}

    private final AccountStore accounts;
    private final Passwords passwords;
    private final AuditLog audit;
    private final Clock clock;

    ChangingPassword(AccountStore accounts, Passwords passwords, AuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
    }

    public void change(SignedInUser user, ChangePassword cmd) {
        Account account = accounts.findById(cmd.accountId()).orElseThrow(IdentityException.AccountNotFound::new);
        if (account.id() != user.accountId()) {
            throw new IdentityException.NotPermitted("change another person's password");
        }
        if (!passwords.matches(cmd.current(), account.passwordHash())) {
            audit(user, false, "wrong-current-password");
            throw new WrongPassword();
        }
        passwords.check(cmd.next(), account.username(), user.unitCode());
        if (passwords.matches(cmd.next(), account.passwordHash())) {
            throw new PasswordRejected("password-unchanged");
        }
        accounts.setPassword(account.id(), passwords.hash(cmd.next()), false, clock.instant());
        audit(user, true, null);
    }

    private void audit(SignedInUser user, boolean success, String detail) {
        audit.record(new AuditEntry(
                user.username(),
                user.unitCode(),
                "PASSWORD_CHANGED",
                success,
                null,
                "account:" + user.username(),
                detail));
    }
}
