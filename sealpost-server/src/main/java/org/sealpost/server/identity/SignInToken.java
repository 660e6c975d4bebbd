package org.sealpost.server.identity;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A signed-in person. While a {@link PendingStep} remains, the token carries no role authority,
 * so nothing but the step's page is reachable; once all steps are done it carries {@code ROLE_*}
 * for each {@link Role}. {@code signedInAt} bounds the session's absolute lifetime (A04).
 */
public final class SignInToken extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final SignedInUser user;
    private final EnumSet<PendingStep> pending;
    private final Instant signedInAt;

    public SignInToken(SignedInUser user, Set<PendingStep> pending, Instant signedInAt) {
        super(authorities(user, pending));
        this.user = user;
        this.pending = pending.isEmpty() ? EnumSet.noneOf(PendingStep.class) : EnumSet.copyOf(pending);
        this.signedInAt = signedInAt;
        setAuthenticated(true);
    }

    private static Collection<GrantedAuthority> authorities(SignedInUser user, Set<PendingStep> pending) {
        if (!pending.isEmpty()) {
            return List.of(new SimpleGrantedAuthority("SIGN_IN_PENDING"));
        }
        return user.roles().stream()
                .map(r -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r.name()))
                .toList();
    }

    public SignedInUser user() {
        return user;
    }

    public Instant signedInAt() {
        return signedInAt;
    }

    public Optional<PendingStep> nextStep() {
        return pending.stream().findFirst();
    }

    boolean pending(PendingStep step) {
        return pending.contains(step);
    }

    public boolean complete() {
        return pending.isEmpty();
    }

    SignInToken without(PendingStep step) {
        EnumSet<PendingStep> rest = EnumSet.copyOf(pending.isEmpty() ? EnumSet.noneOf(PendingStep.class) : pending);
        rest.remove(step);
        return new SignInToken(user, rest, signedInAt);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public SignedInUser getPrincipal() {
        return user;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignInToken t
                && t.user.equals(user)
                && t.pending.equals(pending)
                && t.signedInAt.equals(signedInAt);
    }

    @Override
    public int hashCode() {
        return user.hashCode();
    }
}
