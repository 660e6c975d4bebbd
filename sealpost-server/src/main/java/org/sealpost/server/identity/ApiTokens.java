package org.sealpost.server.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bearer tokens for the CLI and scripts ({@code Authorization: Bearer spt_…}). A token is 256
 * random bits, shown once at creation; only its SHA-256 digest is stored (a token has full
 * entropy, so a fast hash is the right one: nothing to brute-force). Tokens expire, can be
 * revoked, and stop working when their account is disabled or locked.
 */
@Service
@Transactional
public class ApiTokens {

    static final String PREFIX = "spt_";

    /** A token as listed to its owner: never the token itself. */
    public record TokenView(
            long id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {

        public boolean usableAt(Instant now) {
            return revokedAt == null && expiresAt.isAfter(now);
        }
    }

    /** Returned once at creation. */
    public record CreatedToken(TokenView token, Secret value) {}

    private final JdbcTemplate jdbc;
    private final AccountStore accounts;
    private final UnitDirectory units;
    private final SecureRandom random;
    private final SecurityPolicyProperties props;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    ApiTokens(
            JdbcTemplate jdbc,
            AccountStore accounts,
            UnitDirectory units,
            SecureRandom random,
            SecurityPolicyProperties props,
            AuditLog audit,
            Clock clock,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.units = units;
        this.random = random;
        this.props = props;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    public CreatedToken create(SignedInUser owner, String name, Duration validity) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > 100) {
            throw new IdentityException.InvalidInput("invalid-token-name");
        }
        Duration lifetime =
                validity == null || validity.isZero() || validity.isNegative() ? props.apiTokenValidity() : validity;
        if (lifetime.compareTo(Duration.ofDays(366)) > 0) {
            throw new IdentityException.InvalidInput("token-validity-too-long");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        Secret value =
                Secret.of(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        Instant now = clock.instant();
        jdbc.update(
                "INSERT INTO api_token (account_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                owner.accountId(),
                label,
                digest(value),
                AccountStore.at(now),
                AccountStore.at(now.plus(lifetime)));
        Long id = jdbc.queryForObject("SELECT id FROM api_token WHERE token_hash = ?", Long.class, digest(value));
        audit.record(new AuditEntry(
                owner.username(), owner.unitCode(), "API_TOKEN_CREATED", true, null, "api-token:" + id, label));
        return new CreatedToken(new TokenView(id, label, now, now.plus(lifetime), null, null), value);
    }

    @Transactional(readOnly = true)
    public List<TokenView> list(SignedInUser owner) {
        return jdbc.query(
                "SELECT id, name, created_at, expires_at, last_used_at, revoked_at FROM api_token"
                        + " WHERE account_id = ? ORDER BY id DESC",
                (rs, n) -> new TokenView(
                        rs.getLong(1),
                        rs.getString(2),
                        instant(rs.getObject(3, OffsetDateTime.class)),
                        instant(rs.getObject(4, OffsetDateTime.class)),
                        instant(rs.getObject(5, OffsetDateTime.class)),
                        instant(rs.getObject(6, OffsetDateTime.class))),
                owner.accountId());
    }

    /** Revokes one of the owner's own tokens; someone else's token looks like no token (404). */
    public void revoke(SignedInUser owner, long tokenId) {
        int changed = jdbc.update(
                "UPDATE api_token SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL",
                AccountStore.at(clock.instant()),
                tokenId,
                owner.accountId());
        if (changed == 0) {
            throw new IdentityException.InvalidInput("token-not-found");
        }
        events.publishEvent(new SignInsEnded(
                owner.username(),
                jdbc.queryForObject("SELECT token_hash FROM api_token WHERE id = ?", String.class, tokenId)));
        audit.record(new AuditEntry(
                owner.username(), owner.unitCode(), "API_TOKEN_REVOKED", true, null, "api-token:" + tokenId, null));
    }

    /**
     * Revokes the token the owner presented on this request ({@code sealpost logout}); false when
     * it is not a live token of theirs.
     */
    public boolean revokePresented(SignedInUser owner, String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 100) {
            return false;
        }
        List<Long> ids = jdbc.queryForList(
                "SELECT id FROM api_token WHERE token_hash = ? AND account_id = ? AND revoked_at IS NULL",
                Long.class,
                digest(presented),
                owner.accountId());
        if (ids.isEmpty()) {
            return false;
        }
        revoke(owner, ids.get(0));
        return true;
    }

    /**
     * How stale {@code last_used_at} may get: it is rewritten only when older than this, so a client
     * making many calls costs one UPDATE a minute instead of one per request (the column is shown to
     * the owner, to the minute; docs/performance.md "Sign-for over HTTP").
     */
    static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    /** The account behind a valid token, or empty; records the time of use (at most once a minute). */
    public Optional<SignedInUser> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        record Row(long id, long accountId, Instant lastUsed) {}
        List<Row> rows = jdbc.query(
                "SELECT id, account_id, last_used_at FROM api_token"
                        + " WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?",
                (rs, n) -> {
                    OffsetDateTime last = rs.getObject(3, OffsetDateTime.class);
                    return new Row(rs.getLong(1), rs.getLong(2), last == null ? null : last.toInstant());
                },
                digest(presented),
                AccountStore.at(now));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Row token = rows.get(0);
        Optional<Account> account = accounts.findById(token.accountId());
        if (account.isEmpty() || !account.get().enabled() || account.get().lockedAt(now)) {
            return Optional.empty();
        }
        if (token.lastUsed() == null
                || !token.lastUsed().plus(LAST_USED_GRANULARITY).isAfter(now)
                || token.lastUsed().isAfter(now)) {
            jdbc.update("UPDATE api_token SET last_used_at = ? WHERE id = ?", AccountStore.at(now), token.id());
        }
        Account a = account.get();
        String unitCode = units.findById(a.unitId()).map(UnitRef::code).orElse(null);
        return Optional.of(new SignedInUser(a.id(), a.username(), a.displayName(), a.unitId(), unitCode, a.roles()));
    }

    static String digest(CharSequence token) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] bytes = new byte[token.length()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) token.charAt(i);
            }
            return HexFormat.of().formatHex(sha256.digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
