package org.sealpost.server.pki;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.sealpost.core.crypto.HmacSm3;
import org.sealpost.core.token.Token;
import org.sealpost.core.token.TokenException;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditEntry;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.identity.SignInsEnded;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Unit key sessions: like a USB key left plugged in for a sitting. After an operator opens the unit
 * key with the PIN once, the unlocked token stays in this node's memory, bound to that operator's
 * sign-in (the web session id or the bearer token, both kept only as SHA-256), the username and
 * the unit, and later acts of the same sign-in (sign for, open, print, download) use it without
 * the PIN. Another user of the unit, or the same user signed in elsewhere, does not get it.
 *
 * <p>A session ends — the token is closed, which drops its keys — after {@code
 * sealpost.keys.unit-session-idle} without use (default 10 minutes; checked on every use and swept
 * every 30 seconds), after {@code sealpost.keys.unit-session-max} in all (default 8 hours), on
 * sign-out, on {@code DELETE /api/v1/unit-key}, and for every session of a unit when its
 * certificates are revoked or renewed or its PIN is changed, locked or reset, and at once when an
 * administrator ends the account's sign-ins (ends its sessions, disables it, resets its password,
 * revokes a role) or the API token holding the session is revoked ({@link SignInsEnded}).
 * {@code unit-session-idle=0} turns sessions off:
 * the PIN is needed for every act (the behaviour before sessions).
 *
 * <p>Never persisted and per node. The trade-off (docs/security.md): while a session is open, a
 * heap dump of the node or a stolen sign-in can use the unit key without the PIN — the exposure of
 * a USB key left in the reader. Opening and ending are audited (UNIT_KEY_UNLOCKED,
 * UNIT_KEY_LOCKED); each use is audited by the act itself.
 */
@Service
public class UnitKeySessions {

    private record Holder(String signIn, String username, String unitCode) {}

    /** One open session: the token is closed when the session ended and no act still uses it. */
    private static final class Session {
        final Token token;
        final Instant opened;
        /** HMAC-SM3 of the PIN under a key of this session's own (null: opened without one). */
        byte[] pinCheckKey;

        byte[] pinCheck;
        Instant lastUsed;
        int inUse;
        boolean ended;

        Session(Token token, Instant opened) {
            this.token = token;
            this.opened = opened;
            this.lastUsed = opened;
        }

        synchronized boolean acquire(Instant now) {
            if (ended) {
                return false;
            }
            inUse++;
            lastUsed = now;
            return true;
        }

        synchronized void release() {
            inUse--;
            if (ended && inUse == 0) {
                token.close();
            }
        }

        /** Whether {@code pin} is the PIN this session was opened with (constant time). */
        synchronized boolean pinMatches(char[] pin) {
            if (ended || pinCheck == null) {
                return false;
            }
            byte[] bytes = pinBytes(pin);
            try {
                return HmacSm3.verify(pinCheckKey, bytes, pinCheck);
            } finally {
                java.util.Arrays.fill(bytes, (byte) 0);
            }
        }

        synchronized void end() {
            if (!ended) {
                ended = true;
                if (pinCheck != null) {
                    java.util.Arrays.fill(pinCheckKey, (byte) 0);
                    java.util.Arrays.fill(pinCheck, (byte) 0);
                    pinCheck = null;
                }
                if (inUse == 0) {
                    token.close();
                }
            }
        }

        synchronized boolean expired(Instant now, Duration idle, Duration max) {
            return !now.isBefore(lastUsed.plus(idle)) || !now.isBefore(opened.plus(max));
        }
    }

    private final UnitKeys unitKeys;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration idle;
    private final Duration max;
    private final ConcurrentMap<Holder, Session> sessions = new ConcurrentHashMap<>();

    UnitKeySessions(UnitKeys unitKeys, AuditLog audit, Clock clock, SecureRandom random, KeysProperties props) {
        this.unitKeys = unitKeys;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
        this.idle = props.unitSessionIdle();
        this.max = props.unitSessionMax();
    }

    /** Whether sessions are on ({@code sealpost.keys.unit-session-idle} > 0). */
    public boolean enabled() {
        return !idle.isZero() && !idle.isNegative();
    }

    /**
     * The unit key for one act of the current request's user, who must belong to {@code unitCode}.
     * With a PIN (wiped): unlocks the token (wrong PINs count, five lock) and, when sessions are on
     * and the request has a sign-in, opens (or replaces) this sign-in's session. Without a PIN: the
     * open session's token. Close the returned token after the act; that does not end the session.
     *
     * @throws PkiException {@code unit-key-locked} without a PIN and without an open session; else
     *     as {@link UnitKeys#unlock}
     */
    public Token acquire(String unitCode, char[] pin) {
        Optional<Holder> holder = holder(unitCode);
        Instant now = clock.instant();
        if (pin == null || pin.length == 0) {
            Session session = holder.map(sessions::get).orElse(null);
            if (session != null && session.expired(now, idle, max)) {
                end(holder.get(), session, "expired");
                session = null;
            }
            if (session == null || !session.acquire(now)) {
                throw new PkiException("unit-key-locked", "The unit key is locked: enter the unit key PIN.");
            }
            return new Lease(session);
        }
        byte[] pinCheckKey = new byte[32];
        random.nextBytes(pinCheckKey);
        byte[] pinBytes = pinBytes(pin);
        byte[] pinCheck = HmacSm3.mac(pinCheckKey, pinBytes);
        java.util.Arrays.fill(pinBytes, (byte) 0);
        Token token;
        try {
            token = unitKeys.unlock(unitCode, pin);
        } catch (PkiException e) {
            // a wrong PIN ends this sign-in's session; a lock ends every session of the unit
            if ("locked".equals(e.code())) {
                endAll(unitCode, "PIN locked");
            } else {
                holder.ifPresent(h -> {
                    Session open = sessions.get(h);
                    if (open != null) {
                        end(h, open, "wrong PIN");
                    }
                });
            }
            throw e;
        }
        if (!enabled() || holder.isEmpty()) {
            java.util.Arrays.fill(pinCheckKey, (byte) 0);
            return token;
        }
        Session session = new Session(token, now);
        session.pinCheckKey = pinCheckKey;
        session.pinCheck = pinCheck;
        session.acquire(now);
        Session previous = sessions.put(holder.get(), session);
        if (previous != null) {
            previous.end();
        }
        audit.record(new AuditEntry(
                holder.get().username(), unitCode, "UNIT_KEY_UNLOCKED", true, ip(), unitCode, "idle " + idle));
        return new Lease(session);
    }

    /**
     * The unit key for an act that must still be confirmed with the PIN — sending (and 补发) signs
     * a document in the unit's name, so the PIN stays required — but without a second key
     * derivation when this sign-in already has the unit key open: the PIN is then checked against
     * the session (HMAC-SM3 under a random key of the session's own, constant time; microseconds
     * instead of the ~50–100 ms of PBKDF2 at production iterations). Any other case — no session,
     * sessions off, no sign-in, a PIN that does not match — goes through {@link #acquire(String,
     * char[])}: the PIN is derived, wrong PINs count (five lock) and end this sign-in's session, and
     * a right PIN opens (or replaces) the session. The PIN is wiped.
     *
     * @throws PkiException {@code unit-key-locked} without a PIN; else as {@link UnitKeys#unlock}
     */
    public Token acquireConfirmed(String unitCode, char[] pin) {
        if (pin == null || pin.length == 0) {
            throw new PkiException("unit-key-locked", "The unit key is locked: enter the unit key PIN.");
        }
        Optional<Holder> holder = holder(unitCode);
        if (enabled() && holder.isPresent()) {
            Instant now = clock.instant();
            Session session = sessions.get(holder.get());
            if (session != null && session.expired(now, idle, max)) {
                end(holder.get(), session, "expired");
                session = null;
            }
            if (session != null && session.pinMatches(pin) && session.acquire(now)) {
                java.util.Arrays.fill(pin, '\0');
                return new Lease(session);
            }
        }
        return acquire(unitCode, pin);
    }

    /** {@code POST /api/v1/unit-key/unlock}: opens a session for the current sign-in (PIN wiped). */
    public Instant unlock(SignedInUser user, char[] pin) {
        if (!enabled()) {
            java.util.Arrays.fill(pin, '\0');
            throw new PkiException("unit-session-off", "Unit key sessions are off here: enter the PIN for each act.");
        }
        if (holder(user.unitCode()).isEmpty()) {
            java.util.Arrays.fill(pin, '\0');
            throw PkiException.forbidden();
        }
        acquire(user.unitCode(), pin).close();
        return clock.instant().plus(idle);
    }

    /** {@code DELETE /api/v1/unit-key}: ends the current sign-in's session; false when none was open. */
    public boolean lock(SignedInUser user) {
        Optional<Holder> holder = holder(user.unitCode());
        Session session = holder.map(sessions::get).orElse(null);
        if (session == null) {
            return false;
        }
        end(holder.get(), session, "locked by the user");
        return true;
    }

    @EventListener
    void unitKeyChanged(UnitKeys.UnitKeyChanged event) {
        endAll(event.unitCode(), event.reason());
    }

    /** Ends every session of the unit: revocation, renewal, PIN change, lock or reset. */
    void endAll(String unitCode, String reason) {
        sessions.forEach((holder, session) -> {
            if (holder.unitCode().equals(unitCode)) {
                end(holder, session, reason);
            }
        });
    }

    /** Number of open sessions on this node (tests, metrics). */
    public int openSessions() {
        return sessions.size();
    }

    @Scheduled(fixedDelay = 30_000, initialDelay = 30_000)
    void sweep() {
        Instant now = clock.instant();
        sessions.forEach((holder, session) -> {
            if (session.expired(now, idle, max)) {
                end(holder, session, "expired");
            }
        });
    }

    @EventListener
    void signedOut(LogoutSuccessEvent event) {
        if (event.getAuthentication() != null
                && event.getAuthentication().getPrincipal() instanceof SignedInUser user) {
            // the session is already invalidated here; when its id is not known, every web sign-in
            // of the user loses its key session (erring towards locking)
            Optional<String> signIn =
                    request().map(HttpServletRequest::getRequestedSessionId).map(id -> "web:" + sha256(id));
            sessions.forEach((holder, session) -> {
                if (holder.username().equals(user.username())
                        && (signIn.isPresent()
                                ? holder.signIn().equals(signIn.get())
                                : holder.signIn().startsWith("web:"))) {
                    end(holder, session, "signed out");
                }
            });
        }
    }

    /** An administrator ended the account's sign-ins, or the account revoked one API token. */
    @EventListener
    void signInsEnded(SignInsEnded event) {
        String token = event.coversEverySignIn() ? null : "api:" + event.apiTokenHash();
        sessions.forEach((holder, session) -> {
            if (holder.username().equals(event.username())
                    && (token == null || holder.signIn().equals(token))) {
                end(holder, session, "sign-in ended");
            }
        });
    }

    private void end(Holder holder, Session session, String reason) {
        if (sessions.remove(holder, session)) {
            session.end();
            audit.record(new AuditEntry(
                    holder.username(), holder.unitCode(), "UNIT_KEY_LOCKED", true, null, holder.unitCode(), reason));
        }
    }

    /** The current request's sign-in for this unit, if the user belongs to it. */
    private Optional<Holder> holder(String unitCode) {
        Optional<SignedInUser> user = SignedInUser.current();
        Optional<HttpServletRequest> request = request();
        if (user.isEmpty() || request.isEmpty() || !unitCode.equals(user.get().unitCode())) {
            return Optional.empty();
        }
        HttpServletRequest r = request.get();
        String header = r.getHeader("Authorization");
        String signIn;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            signIn = "api:" + sha256(header.substring(7).strip());
        } else if (r.getSession(false) != null) {
            signIn = "web:" + sha256(r.getSession(false).getId());
        } else {
            return Optional.empty();
        }
        return Optional.of(new Holder(signIn, user.get().username(), unitCode));
    }

    private static Optional<HttpServletRequest> request() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                ? Optional.of(a.getRequest())
                : Optional.empty();
    }

    private static String ip() {
        return request().map(HttpServletRequest::getRemoteAddr).orElse(null);
    }

    private static byte[] pinBytes(char[] pin) {
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(pin));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            java.util.Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The session's token for one act: closing it releases the act, not the session. */
    private static final class Lease implements Token {
        private final Session session;
        private boolean closed;

        Lease(Session session) {
            this.session = session;
        }

        @Override
        public String label() {
            return session.token.label();
        }

        @Override
        public X509Certificate signingCertificate() {
            return session.token.signingCertificate();
        }

        @Override
        public Optional<X509Certificate> encryptionCertificate() {
            return session.token.encryptionCertificate();
        }

        @Override
        public byte[] sign(byte[] message) throws TokenException {
            return session.token.sign(message);
        }

        @Override
        public byte[] decrypt(byte[] ciphertext) throws TokenException {
            return session.token.decrypt(ciphertext);
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                session.release();
            }
        }

        @Override
        public String toString() {
            return "UnitKeySessions.Lease[" + label() + "]";
        }
    }
}
