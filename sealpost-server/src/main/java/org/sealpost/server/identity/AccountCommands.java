package org.sealpost.server.identity;

import java.util.Set;
import org.sealpost.server.access.Role;

/** The commands of {@link ManagingAccounts}. */
public final class AccountCommands {

    private AccountCommands() {}

    /** Create an account in a unit; it gets a one-time password and must change it. */
    public record CreateAccount(String username, String displayName, String unitCode, Set<Role> roles) {
        public CreateAccount {
            roles = roles == null ? Set.of() : Set.copyOf(roles);
        }
    }

    public record GrantRole(long accountId, Role role) {}

    public record RevokeRole(long accountId, Role role) {}

    /** Returned once: the generated password is shown to the administrator and never stored. */
    public record AccountCreated(AccountView account, Secret oneTimePassword) {}
}
