package org.sealpost.server.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.pki.CertificateAuthority;
import org.sealpost.core.pki.KeyPurpose;
import org.sealpost.core.pki.Pem;
import org.sealpost.core.pki.Revocation;
import org.sealpost.core.seal.SealKey;
import org.sealpost.core.seal.SealRecord;
import org.sealpost.core.token.KeyEntry;
import org.sealpost.core.token.StoredTokens;
import org.sealpost.core.token.Token;
import org.sealpost.core.token.TokenException;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.audit.CheckpointSigner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The regulator's system CA. The root key is created on first start and lives in a stored token
 * whose PIN is the CA PIN file; it is unlocked once and kept in memory (an online CA). Every
 * certificate issued is recorded in {@code pki_certificate}; revocations publish a new CRL at
 * once, and a CRL past its nextUpdate is re-published on the next request. The CA key also signs the
 * audit log's checkpoints ({@link AuditCheckpointSigner}).
 */
@Service
public class SystemCa {

    static final String CA_TOKEN_ID = "ca-root";

    private final JdbcTemplate jdbc;
    private final StoredTokens tokens;
    private final PkiConfig.CaPin caPin;
    private final KeysProperties props;
    private final Clock clock;
    private final SecureRandom random;
    private final AuditLog audit;

    private volatile CertificateAuthority authority;
    private volatile Token caToken;

    SystemCa(
            JdbcTemplate jdbc,
            StoredTokens tokens,
            PkiConfig.CaPin caPin,
            KeysProperties props,
            Clock clock,
            SecureRandom random,
            AuditLog audit) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.caPin = caPin;
        this.props = props;
        this.clock = clock;
        this.random = random;
        this.audit = audit;
    }

    /** The CA, created on first use (first start) and unlocked with the CA PIN file. */
    synchronized CertificateAuthority authority() {
        if (authority != null) {
            return authority;
        }
        Integer exists = jdbc.queryForObject("SELECT count(*) FROM pki_ca WHERE id = 1", Integer.class);
        if (exists == 0) {
            KeyPair key = Sm2.generateKeyPair(random);
            X509Certificate root =
                    CertificateAuthority.createRoot(props.caName(), key, props.caValidity(), clock, random);
            tokens.create(CA_TOKEN_ID, "system CA", new KeyEntry(key.getPrivate(), root), null, caPin.chars());
            jdbc.update(
                    "INSERT INTO pki_ca (id, token_id, certificate, created_at) VALUES (1, ?, ?, ?)",
                    CA_TOKEN_ID,
                    der(root),
                    now());
            audit.record(new AuditEntry(
                    "system",
                    null,
                    "PKI_CA_CREATED",
                    true,
                    null,
                    serial(root),
                    root.getSubjectX500Principal().getName()));
        }
        String tokenId = jdbc.queryForObject("SELECT token_id FROM pki_ca WHERE id = 1", String.class);
        try {
            Token token = tokens.unlock(tokenId, caPin.chars());
            caToken = token;
            authority = new CertificateAuthority(token, clock, random);
            return authority;
        } catch (TokenException e) {
            throw new IllegalStateException(
                    "the CA token does not open (" + e.reason()
                            + "): check sealpost.keys.master-key-file and ca-pin-file",
                    e);
        }
    }

    /** Creates the CA if this is the first start. */
    public void ensureCreated() {
        authority();
    }

    public X509Certificate certificate() {
        return authority().certificate();
    }

    public String certificatePem() {
        return Pem.encode(certificate());
    }

    /** Issues and records one end-entity certificate. */
    X509Certificate issue(
            String unitCode,
            String name,
            PublicKey key,
            KeyPurpose purpose,
            CertificateKind kind,
            String holder,
            String tokenId,
            String actor) {
        return issue(unitCode, name, key, purpose, kind, holder, tokenId, actor, props.certificateValidity());
    }

    X509Certificate issue(
            String unitCode,
            String name,
            PublicKey key,
            KeyPurpose purpose,
            CertificateKind kind,
            String holder,
            String tokenId,
            String actor,
            Duration validity) {
        X509Certificate certificate = authority().issue(unitCode, name, key, purpose, validity);
        jdbc.update(
                "INSERT INTO pki_certificate (serial, unit_code, kind, subject, holder, token_id, certificate,"
                        + " not_before, not_after, issued_by, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                serial(certificate),
                unitCode,
                kind.name(),
                certificate.getSubjectX500Principal().getName(),
                holder,
                tokenId,
                der(certificate),
                OffsetDateTime.ofInstant(certificate.getNotBefore().toInstant(), ZoneOffset.UTC),
                OffsetDateTime.ofInstant(certificate.getNotAfter().toInstant(), ZoneOffset.UTC),
                actor,
                now());
        audit.record(new AuditEntry(
                actor, unitCode, "PKI_CERTIFICATE_ISSUED", true, null, serial(certificate), kind.name()));
        return certificate;
    }

    /** Revokes a certificate (no-op when already revoked) and publishes a new CRL. */
    void revoke(String serial, int reason, String actor) {
        int changed = jdbc.update(
                "UPDATE pki_certificate SET revoked_at = ?, revoke_reason = ?, revoked_by = ?"
                        + " WHERE serial = ? AND revoked_at IS NULL",
                now(),
                reason,
                actor,
                serial);
        if (changed > 0) {
            String unit =
                    jdbc.queryForObject("SELECT unit_code FROM pki_certificate WHERE serial = ?", String.class, serial);
            audit.record(
                    new AuditEntry(actor, unit, "PKI_CERTIFICATE_REVOKED", true, null, serial, "reason " + reason));
            publishCrl();
        }
    }

    /** Issues and records the signing certificate of an electronic seal (its key in {@code tokenId}). */
    public X509Certificate issueSealCertificate(
            String unitCode, String sealName, PublicKey key, String tokenId, String actor) {
        return issue(unitCode, sealName, key, KeyPurpose.SIGNING, CertificateKind.SEAL, null, tokenId, actor);
    }

    /** Revokes a seal's certificate (key compromise: loss or damage) and publishes a new CRL. */
    public void revokeSealCertificate(String serial, String actor) {
        revoke(serial, Revocation.KEY_COMPROMISE, actor);
    }

    /**
     * The regulator as seal maker (GB/T 38540): signs a seal record built by the core from {@code
     * content} with the CA key. The CA key signs nothing else but certificates and CRLs.
     */
    public SealRecord makeSealRecord(SealRecord.Content content) {
        authority();
        Token token = caToken;
        return SealRecord.make(
                content,
                new SealKey() {
                    @Override
                    public X509Certificate certificate() {
                        return token.signingCertificate();
                    }

                    @Override
                    public byte[] sign(byte[] data) {
                        try {
                            return token.sign(data);
                        } catch (TokenException e) {
                            throw new IllegalStateException("the CA token cannot sign", e);
                        }
                    }
                },
                clock);
    }

    /** Opens the CA if it exists, never creating it; false while there is none. */
    boolean openIfExists() {
        if (caToken != null) {
            return true;
        }
        Integer exists = jdbc.queryForObject("SELECT count(*) FROM pki_ca WHERE id = 1", Integer.class);
        if (exists == 0) {
            return false;
        }
        authority();
        return true;
    }

    /**
     * Signs an audit checkpoint payload with the CA key if the CA is open; never blocks (no monitor,
     * no database). The payload starts with a text tag, so it can never be read as a certificate or
     * CRL the same key signs.
     */
    Optional<CheckpointSigner.Signature> signAuditCheckpoint(byte[] payload) {
        Token token = caToken;
        if (token == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CheckpointSigner.Signature(serial(token.signingCertificate()), token.sign(payload)));
        } catch (TokenException e) {
            throw new IllegalStateException("the CA token cannot sign", e);
        }
    }

    /** The CA certificate if the CA exists (never creates it). */
    Optional<X509Certificate> existingCertificate() {
        return openIfExists() ? Optional.of(certificate()) : Optional.empty();
    }

    /** When the certificate with this serial (hex) was revoked, if it was. */
    public Optional<Instant> revokedAt(BigInteger serialNumber) {
        List<OffsetDateTime> rows = jdbc.queryForList(
                "SELECT revoked_at FROM pki_certificate WHERE serial = ? AND revoked_at IS NOT NULL",
                OffsetDateTime.class,
                serialNumber.toString(16));
        return rows.stream().findFirst().map(OffsetDateTime::toInstant);
    }

    /** The current CRL in PEM, published now if none is valid. */
    public synchronized String crlPem() {
        List<String> current = jdbc.queryForList(
                "SELECT pem FROM pki_crl WHERE next_update > ? ORDER BY crl_number DESC LIMIT 1", String.class, now());
        return current.isEmpty() ? publishCrl() : current.get(0);
    }

    public X509CRL crl() {
        String body = crlPem().replaceAll("-----[A-Z0-9 ]+-----", "").replaceAll("\\s", "");
        try (var in =
                new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(body))) {
            return (X509CRL)
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("unreadable CRL in the database", e);
        }
    }

    synchronized String publishCrl() {
        List<Revocation> revoked = jdbc.query(
                "SELECT serial, revoked_at, revoke_reason FROM pki_certificate WHERE revoked_at IS NOT NULL",
                (rs, n) -> new Revocation(
                        new BigInteger(rs.getString(1), 16),
                        rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getInt(3)));
        Long last = jdbc.queryForObject("SELECT max(crl_number) FROM pki_crl", Long.class);
        long number = last == null ? 1 : last + 1;
        X509CRL crl = authority().publishCrl(BigInteger.valueOf(number), revoked, props.crlValidity());
        String pem = Pem.encode(crl);
        jdbc.update(
                "INSERT INTO pki_crl (crl_number, this_update, next_update, pem) VALUES (?, ?, ?, ?)",
                number,
                OffsetDateTime.ofInstant(crl.getThisUpdate().toInstant(), ZoneOffset.UTC),
                OffsetDateTime.ofInstant(crl.getNextUpdate().toInstant(), ZoneOffset.UTC),
                pem);
        audit.record(new AuditEntry(
                "system", null, "PKI_CRL_PUBLISHED", true, null, "crl " + number, revoked.size() + " revoked"));
        return pem;
    }

    static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static X509Certificate certificate(byte[] der) {
        try {
            return Pem.certificate(der);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable certificate in the database", e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
