package org.sealpost.server.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.sealpost.core.crypto.Sm2;
import org.sealpost.core.pki.KeyPurpose;
import org.sealpost.core.pki.Revocation;
import org.sealpost.core.token.KeyEntry;
import org.sealpost.core.token.Pkcs12Token;
import org.sealpost.core.token.StoredTokens;
import org.sealpost.core.token.Token;
import org.sealpost.core.token.TokenException;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each unit's server-held token: separate SM2 signing and encryption keys with their certificates,
 * under the unit PIN. The unit admin issues (first time: sets the PIN), renews (new keys, the old
 * certificates superseded) and changes the PIN; five wrong PINs lock the token and the security
 * admin resets it; the regulator office revokes.
 */
@Service
public class UnitKeys {

    public static final int MIN_PIN = 6;
    public static final int MAX_PIN = 64;

    /** A unit's current certificates and the state of its token. */
    public record UnitCredentials(
            String unitCode,
            String tokenId,
            X509Certificate signing,
            X509Certificate encryption,
            Instant notAfter,
            boolean revoked,
            int failedAttempts,
            boolean locked) {

        public String signingSerial() {
            return SystemCa.serial(signing);
        }

        public String encryptionSerial() {
            return SystemCa.serial(encryption);
        }
    }

    /**
     * The outcome of an issue or renewal: the unit's new certificates and, when the unit admin asked
     * for it, the one copy of the new keys as a PKCS#12 file under the unit PIN ({@link
     * Pkcs12Token#SIGNING_ALIAS} and {@link Pkcs12Token#ENCRYPTION_ALIAS}, the file the CLI's {@code
     * --key} opens). The file is made from the freshly generated key pairs before they are sealed
     * into the stored token, handed back once and never stored; {@code keyFile} is null when not
     * asked for.
     */
    public record IssuedKeys(UnitCredentials credentials, byte[] keyFile) {

        public boolean hasKeyFile() {
            return keyFile != null;
        }

        @Override
        public String toString() {
            return "IssuedKeys[" + credentials.unitCode() + ", keyFile=" + (keyFile == null ? "none" : "[REDACTED]")
                    + "]";
        }
    }

    /** The unit's token changed (renewed, revoked, PIN changed or reset): open key sessions end. */
    record UnitKeyChanged(String unitCode, String reason) {}

    private final JdbcTemplate jdbc;
    private final StoredTokens tokens;
    private final SystemCa ca;
    private final UnitDirectory units;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;
    private final org.springframework.context.ApplicationEventPublisher events;

    UnitKeys(
            JdbcTemplate jdbc,
            StoredTokens tokens,
            SystemCa ca,
            UnitDirectory units,
            AuditLog audit,
            Clock clock,
            SecureRandom random,
            org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.ca = ca;
        this.units = units;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    public Optional<UnitCredentials> current(String unitCode) {
        List<String> ids =
                jdbc.queryForList("SELECT token_id FROM pki_unit_token WHERE unit_code = ?", String.class, unitCode);
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        String tokenId = ids.get(0);
        // two statements, not one nested in the other's row mapper: outside a transaction a nested
        // query borrows a second connection while the first is held, and parallel unlocks then
        // exhaust the pool (each holding one and waiting for another)
        List<Object[]> rows = jdbc.query(
                "SELECT signing_certificate, encryption_certificate, failed_attempts, locked FROM stored_token"
                        + " WHERE token_id = ?",
                (rs, n) -> new Object[] {rs.getBytes(1), rs.getBytes(2), rs.getInt(3), rs.getBoolean(4)},
                tokenId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        X509Certificate signing = SystemCa.certificate((byte[]) row[0]);
        X509Certificate encryption = SystemCa.certificate((byte[]) row[1]);
        Integer revoked = jdbc.queryForObject(
                "SELECT count(*) FROM pki_certificate WHERE serial IN (?, ?) AND revoked_at IS NOT NULL",
                Integer.class,
                SystemCa.serial(signing),
                SystemCa.serial(encryption));
        return Optional.of(new UnitCredentials(
                unitCode,
                tokenId,
                signing,
                encryption,
                signing.getNotAfter().toInstant(),
                revoked != null && revoked > 0,
                (Integer) row[2],
                (Boolean) row[3]));
    }

    /**
     * The current, unrevoked encryption certificates of these units, read in a few queries (a send
     * to hundreds of units): a unit without a token or whose certificate is revoked is absent.
     */
    public java.util.Map<String, X509Certificate> encryptionCertificates(java.util.Collection<String> unitCodes) {
        java.util.Map<String, X509Certificate> found = new java.util.HashMap<>();
        List<String> codes = List.copyOf(unitCodes);
        for (int i = 0; i < codes.size(); i += 500) {
            List<String> part = codes.subList(i, Math.min(codes.size(), i + 500));
            String marks = String.join(",", java.util.Collections.nCopies(part.size(), "?"));
            jdbc.query(
                    "SELECT t.unit_code, s.encryption_certificate FROM pki_unit_token t"
                            + " JOIN stored_token s ON s.token_id = t.token_id WHERE t.unit_code IN (" + marks + ")",
                    rs -> {
                        found.put(rs.getString(1), SystemCa.certificate(rs.getBytes(2)));
                    },
                    part.toArray());
            java.util.Set<String> revoked = new java.util.HashSet<>(jdbc.queryForList(
                    "SELECT serial FROM pki_certificate WHERE revoked_at IS NOT NULL AND unit_code IN (" + marks + ")",
                    String.class,
                    part.toArray()));
            if (!revoked.isEmpty()) {
                found.values().removeIf(c -> revoked.contains(SystemCa.serial(c)));
            }
        }
        return found;
    }

    /** Issues (or renews) a unit's certificates: the unit admin of that unit, choosing the PIN. */
    @Transactional
    public UnitCredentials issue(SignedInUser actor, String unitCode, char[] pin, char[] confirm) {
        return issue(actor, unitCode, pin, confirm, false).credentials();
    }

    /**
     * Issues (or renews) a unit's certificates; with {@code keyFile} the unit admin also takes the
     * one copy of the new keys as a PKCS#12 under the same PIN (for the CLI's end-to-end mode),
     * audited PKI_UNIT_KEY_FILE_ISSUED. Only the unit admin of that unit, and only now: the keys
     * are never exported from the stored token later. A refused request for the file is audited
     * too (refusals come before anything is written, so nothing else of them commits).
     */
    @Transactional(noRollbackFor = PkiException.class)
    public IssuedKeys issue(SignedInUser actor, String unitCode, char[] pin, char[] confirm, boolean keyFile) {
        if (!actor.has(Role.UNIT_ADMIN) || !actor.unitCode().equals(unitCode)) {
            if (keyFile) {
                audit.record(new AuditEntry(
                        actor.username(), unitCode, "PKI_UNIT_KEY_FILE_ISSUED", false, null, unitCode, "forbidden"));
            }
            throw PkiException.forbidden();
        }
        checkNewPin(pin, confirm);
        return issue(unit(unitCode), pin, actor.username(), keyFile);
    }

    /** Issues (or renews) without an interactive actor: the demo loader. The PIN is wiped. */
    @Transactional
    public UnitCredentials issue(UnitRef unit, char[] pin, String actor) {
        return issue(unit, pin, actor, false).credentials();
    }

    /**
     * Issues (or renews) without an interactive actor, optionally with the unit-held copy of the new
     * keys (the demo loader writes it to {@code data/demo-keys/}). The PIN is wiped.
     */
    @Transactional
    public IssuedKeys issue(UnitRef unit, char[] pin, String actor, boolean keyFile) {
        Optional<UnitCredentials> previous = current(unit.code());
        KeyPair signing = Sm2.generateKeyPair(random);
        KeyPair encryption = Sm2.generateKeyPair(random);
        String tokenId = "unit-" + unit.code() + "-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
        X509Certificate signingCert = ca.issue(
                unit.code(),
                unit.name(),
                signing.getPublic(),
                KeyPurpose.SIGNING,
                CertificateKind.UNIT_SIGNING,
                null,
                tokenId,
                actor);
        X509Certificate encryptionCert = ca.issue(
                unit.code(),
                unit.name(),
                encryption.getPublic(),
                KeyPurpose.ENCRYPTION,
                CertificateKind.UNIT_ENCRYPTION,
                null,
                tokenId,
                actor);
        KeyEntry signingEntry = new KeyEntry(signing.getPrivate(), List.of(signingCert, ca.certificate()));
        KeyEntry encryptionEntry = new KeyEntry(encryption.getPrivate(), List.of(encryptionCert, ca.certificate()));
        // the file is written from the key pairs generated here, before the token wipes the PIN;
        // the stored token never gives its keys out
        byte[] file = keyFile ? keyFile(pin, signingEntry, encryptionEntry) : null;
        tokens.create(tokenId, unit.code() + " unit token", signingEntry, encryptionEntry, pin);
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (previous.isPresent()) {
            jdbc.update(
                    "UPDATE pki_unit_token SET token_id = ?, updated_at = ? WHERE unit_code = ?",
                    tokenId,
                    now,
                    unit.code());
            ca.revoke(previous.get().signingSerial(), Revocation.SUPERSEDED, actor);
            ca.revoke(previous.get().encryptionSerial(), Revocation.SUPERSEDED, actor);
            events.publishEvent(new UnitKeyChanged(unit.code(), "renewed"));
        } else {
            jdbc.update(
                    "INSERT INTO pki_unit_token (unit_code, token_id, updated_at) VALUES (?, ?, ?)",
                    unit.code(),
                    tokenId,
                    now);
        }
        audit.record(new AuditEntry(
                actor,
                unit.code(),
                previous.isPresent() ? "PKI_UNIT_RENEWED" : "PKI_UNIT_ISSUED",
                true,
                null,
                tokenId,
                null));
        if (file != null) {
            audit.record(new AuditEntry(
                    actor,
                    unit.code(),
                    "PKI_UNIT_KEY_FILE_ISSUED",
                    true,
                    null,
                    tokenId,
                    "signing " + SystemCa.serial(signingCert) + ", encryption " + SystemCa.serial(encryptionCert)));
        }
        return new IssuedKeys(current(unit.code()).orElseThrow(), file);
    }

    /** The PKCS#12 under a copy of the PIN (the copy is wiped by the writer). */
    private byte[] keyFile(char[] pin, KeyEntry signing, KeyEntry encryption) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Pkcs12Token.write(out, Arrays.copyOf(pin, pin.length), signing, encryption, random);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the unit key file", e);
        }
        return out.toByteArray();
    }

    @Transactional(noRollbackFor = PkiException.class)
    public void changePin(SignedInUser actor, String unitCode, char[] oldPin, char[] newPin, char[] confirm) {
        if (!actor.has(Role.UNIT_ADMIN) || !actor.unitCode().equals(unitCode)) {
            throw PkiException.forbidden();
        }
        checkNewPin(newPin, confirm);
        UnitCredentials credentials = current(unitCode).orElseThrow(() -> PkiException.notFound(unitCode));
        // whatever the outcome (changed, wrong old PIN, locked), open key sessions end
        events.publishEvent(new UnitKeyChanged(unitCode, "PIN change"));
        try {
            tokens.changePin(credentials.tokenId(), oldPin, newPin);
            audit.record(new AuditEntry(
                    actor.username(), unitCode, "PKI_UNIT_PIN_CHANGED", true, null, credentials.tokenId(), null));
        } catch (TokenException e) {
            audit.record(new AuditEntry(
                    actor.username(),
                    unitCode,
                    "PKI_UNIT_PIN_CHANGED",
                    false,
                    null,
                    credentials.tokenId(),
                    e.reason().name()));
            throw refused(e);
        }
    }

    /** The security admin unlocks a unit token after five wrong PINs. */
    @Transactional
    public void resetAttempts(SignedInUser actor, String unitCode) {
        if (!actor.has(Role.SECURITY_ADMIN)) {
            throw PkiException.forbidden();
        }
        UnitCredentials credentials = current(unitCode).orElseThrow(() -> PkiException.notFound(unitCode));
        try {
            tokens.resetAttempts(credentials.tokenId());
        } catch (TokenException e) {
            throw refused(e);
        }
        audit.record(new AuditEntry(
                actor.username(), unitCode, "PKI_UNIT_TOKEN_RESET", true, null, credentials.tokenId(), null));
        events.publishEvent(new UnitKeyChanged(unitCode, "PIN reset"));
    }

    /** The regulator office (or the security admin) revokes a unit's current certificates. */
    @Transactional
    public void revoke(SignedInUser actor, String unitCode, int reason) {
        if (!actor.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR, Role.SECURITY_ADMIN)) {
            throw PkiException.forbidden();
        }
        UnitCredentials credentials = current(unitCode).orElseThrow(() -> PkiException.notFound(unitCode));
        ca.revoke(credentials.signingSerial(), reason, actor.username());
        ca.revoke(credentials.encryptionSerial(), reason, actor.username());
        events.publishEvent(new UnitKeyChanged(unitCode, "revoked"));
    }

    /**
     * Opens the unit token with its PIN (wiped) for one operation; the caller closes it. Wrong PINs
     * count (five lock the token). Deliberately not transactional: the PIN key derivation (PBKDF2,
     * ~50–100 ms of CPU in production) runs without holding a database connection; the attempt is
     * counted atomically afterwards (docs/performance.md, sign-for). Callers should not call this
     * inside their own transaction either.
     */
    public Token unlock(String unitCode, char[] pin) {
        UnitCredentials credentials = current(unitCode).orElseThrow(() -> PkiException.notFound(unitCode));
        if (credentials.revoked()) {
            throw new PkiException("revoked", "the unit's certificates are revoked");
        }
        try {
            return tokens.unlock(credentials.tokenId(), pin);
        } catch (TokenException e) {
            throw refused(e);
        }
    }

    /** Every unit's credentials, for the regulator office's overview. */
    public List<UnitCredentials> all() {
        return jdbc.queryForList("SELECT unit_code FROM pki_unit_token ORDER BY unit_code", String.class).stream()
                .map(code -> current(code).orElseThrow())
                .toList();
    }

    static PkiException refused(TokenException e) {
        return switch (e.reason()) {
            case WRONG_PIN -> new PkiException("wrong-pin", "wrong PIN", e.remainingAttempts());
            case LOCKED -> new PkiException("locked", "too many wrong PINs: locked until the security admin resets it");
            case NOT_FOUND -> PkiException.notFound("token");
            default -> new PkiException("token-unusable", "the token cannot be used: " + e.reason());
        };
    }

    static void checkNewPin(char[] pin, char[] confirm) {
        if (pin == null || pin.length < MIN_PIN || pin.length > MAX_PIN) {
            throw new PkiException("pin-policy", "a PIN has " + MIN_PIN + " to " + MAX_PIN + " characters");
        }
        if (confirm != null && !java.util.Arrays.equals(pin, confirm)) {
            throw new PkiException("pin-mismatch", "the two PINs differ");
        }
    }

    private UnitRef unit(String code) {
        return units.findByCode(code).orElseThrow(() -> PkiException.notFound(code));
    }
}
