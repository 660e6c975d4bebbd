package org.sealpost.server.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.pki.KeyPurpose;
import org.sealpost.core.token.KeyEntry;
import org.sealpost.core.token.Pkcs12Token;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.identity.AccountView;
import org.sealpost.server.identity.ManagingAccounts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * IC cards (seed 第二十二条: the regulator issues user credentials): the security admin grants a
 * person a card; the person, signed in, opens the one-time link, chooses a PIN and downloads a
 * PKCS#12 with a fresh SM2 signing key and its certificate. The key is generated at download time
 * and never stored; the link dies on first use (and after {@code sealpost.keys.card-link-validity}).
 * Only the SHA-256 of the link secret is kept. Every grant and download is audited.
 */
@Service
public class IcCards {

    public record CardGrant(
            long id,
            String username,
            String unitCode,
            String grantedBy,
            Instant grantedAt,
            Instant expiresAt,
            Instant usedAt,
            String serial) {}

    private final JdbcTemplate jdbc;
    private final ManagingAccounts accounts;
    private final SystemCa ca;
    private final AuditLog audit;
    private final KeysProperties props;
    private final Clock clock;
    private final SecureRandom random;

    IcCards(
            JdbcTemplate jdbc,
            ManagingAccounts accounts,
            SystemCa ca,
            AuditLog audit,
            KeysProperties props,
            Clock clock,
            SecureRandom random) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.ca = ca;
        this.audit = audit;
        this.props = props;
        this.clock = clock;
        this.random = random;
    }

    /** Grants a card; returns the link secret, shown once. */
    @Transactional
    public String grant(SignedInUser actor, String username) {
        if (!actor.has(Role.SECURITY_ADMIN)) {
            throw PkiException.forbidden();
        }
        AccountView account = accounts.list(actor).stream()
                .filter(a -> a.username().equals(username))
                .findFirst()
                .orElseThrow(() -> PkiException.notFound(username));
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.update(
                "INSERT INTO pki_card_grant (username, unit_code, secret_hash, granted_by, granted_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                account.username(),
                account.unitCode(),
                hash(secret),
                actor.username(),
                now,
                now.plus(props.cardLinkValidity()));
        audit.record(new AuditEntry(
                actor.username(), account.unitCode(), "PKI_CARD_GRANTED", true, null, account.username(), null));
        return secret;
    }

    /** The grant behind a link, if it is the caller's, unused and not expired. */
    public CardGrant open(SignedInUser me, String secret) {
        CardGrant grant = find(secret);
        if (grant == null || !grant.username().equals(me.username())) {
            throw PkiException.notFound("card link");
        }
        if (grant.usedAt() != null) {
            throw new PkiException("card-used", "this link was already used");
        }
        if (!clock.instant().isBefore(grant.expiresAt())) {
            throw new PkiException("card-expired", "this link has expired");
        }
        return grant;
    }

    /** Generates the key, issues the certificate and returns the PKCS#12 under the PIN (wiped). */
    @Transactional(noRollbackFor = PkiException.class)
    public byte[] download(SignedInUser me, String secret, char[] pin, char[] confirm) {
        CardGrant grant;
        try {
            grant = open(me, secret);
        } catch (PkiException e) {
            audit.record(new AuditEntry(
                    me.username(), me.unitCode(), "PKI_CARD_DOWNLOADED", false, null, me.username(), e.code()));
            throw e;
        }
        UnitKeys.checkNewPin(pin, confirm);
        int claimed = jdbc.update(
                "UPDATE pki_card_grant SET used_at = ? WHERE id = ? AND used_at IS NULL",
                OffsetDateTime.now(clock),
                grant.id());
        if (claimed == 0) {
            throw new PkiException("card-used", "this link was already used");
        }
        KeyPair key = Sm2.generateKeyPair(random);
        X509Certificate certificate = ca.issue(
                grant.unitCode(),
                me.displayName() + " (" + me.username() + ")",
                key.getPublic(),
                KeyPurpose.SIGNING,
                CertificateKind.USER_CARD,
                me.username(),
                null,
                "card:" + grant.grantedBy());
        jdbc.update("UPDATE pki_card_grant SET serial = ? WHERE id = ?", SystemCa.serial(certificate), grant.id());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Pkcs12Token.write(out, pin, new KeyEntry(key.getPrivate(), List.of(certificate, ca.certificate())), null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the IC card", e);
        }
        audit.record(new AuditEntry(
                me.username(),
                grant.unitCode(),
                "PKI_CARD_DOWNLOADED",
                true,
                null,
                SystemCa.serial(certificate),
                null));
        return out.toByteArray();
    }

    public List<CardGrant> all() {
        return jdbc.query(SELECT + " ORDER BY id DESC", (rs, n) -> row(rs));
    }

    public List<CardGrant> mine(SignedInUser me) {
        return jdbc.query(SELECT + " WHERE username = ? ORDER BY id DESC", (rs, n) -> row(rs), me.username());
    }

    private static final String SELECT =
            "SELECT id, username, unit_code, granted_by, granted_at, expires_at, used_at, serial FROM pki_card_grant";

    private CardGrant find(String secret) {
        return jdbc.query(SELECT + " WHERE secret_hash = ?", (rs, n) -> row(rs), hash(secret)).stream()
                .findFirst()
                .orElse(null);
    }

    private static CardGrant row(java.sql.ResultSet rs) throws java.sql.SQLException {
        OffsetDateTime used = rs.getObject(7, OffsetDateTime.class);
        return new CardGrant(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getObject(5, OffsetDateTime.class).toInstant(),
                rs.getObject(6, OffsetDateTime.class).toInstant(),
                used == null ? null : used.toInstant(),
                rs.getString(8));
    }

    static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
