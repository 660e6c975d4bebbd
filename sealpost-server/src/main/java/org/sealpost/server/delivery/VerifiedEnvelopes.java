package org.sealpost.server.delivery;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.sealpost.core.envelope.EnvelopeException;
import org.sealpost.core.envelope.EnvelopeHeader;
import org.sealpost.core.envelope.EnvelopeReader;
import org.sealpost.core.token.Token;
import org.springframework.stereotype.Component;

/**
 * Envelopes this server has fully opened and verified (sender signature, sender certificate at the
 * send time, every chunk and every file's SM3), so that the other recipient units of the same
 * envelope can sign for it without opening it again (docs/performance.md "Sign-for over HTTP").
 *
 * <p>One envelope is shared by all recipient units of a send; only the wrapped content key differs
 * per unit. What is remembered per envelope (blob id and header SM3) is the verified header and an
 * SM3 commitment to its content key ({@link EnvelopeReader#contentKeyCommitment}), never the key or
 * the plaintext. Another unit is recognised when its own token unwraps its own entry to a key with
 * the same commitment: the same ciphertext then decrypts and verifies exactly as it did, so the full
 * verification result carries over at the cost of one SM2 decryption. A unit whose entry does not
 * unwrap, or unwraps to another key, is not recognised and gets the full open (and its refusal).
 *
 * <p>Verification results do not change with time: the sender certificate is judged at the
 * server's recorded send time, and a recalled or voided delivery is refused before its envelope is
 * looked at. Bounded ({@link #MAX_ENVELOPES}, least recently used first) and forgotten after {@link
 * #TTL}; per JVM (another node opens once itself).
 */
@Component
class VerifiedEnvelopes {

    static final int MAX_ENVELOPES = 256;
    static final Duration TTL = Duration.ofHours(1);

    private record Verified(EnvelopeHeader header, byte[] keyCommitment, Instant at) {}

    private final Clock clock;
    private final Map<String, Verified> verified = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
            return size() > MAX_ENVELOPES;
        }
    };

    VerifiedEnvelopes(Clock clock) {
        this.clock = clock;
    }

    /**
     * The verified header of envelope {@code blob} with SM3 {@code digestHex}, when this server fully
     * opened it before and {@code token}'s entry wraps the same content key; empty otherwise (the
     * caller then opens it in full). Never throws for a bad entry: the full open reports that.
     */
    Optional<EnvelopeHeader> recognise(String blob, String digestHex, Token token) {
        Verified v;
        synchronized (verified) {
            v = verified.get(key(blob, digestHex));
            if (v != null && !clock.instant().isBefore(v.at().plus(TTL))) {
                verified.remove(key(blob, digestHex));
                v = null;
            }
        }
        if (v == null) {
            return Optional.empty();
        }
        try {
            byte[] mine = EnvelopeReader.contentKeyCommitment(v.header(), token);
            return MessageDigest.isEqual(mine, v.keyCommitment()) ? Optional.of(v.header()) : Optional.empty();
        } catch (EnvelopeException e) {
            return Optional.empty();
        }
    }

    /** Remembers envelope {@code blob} after {@code token} opened and verified it in full. */
    void remember(String blob, EnvelopeHeader header, Token token) {
        String key = key(blob, header.digestHex());
        synchronized (verified) {
            if (verified.containsKey(key)) {
                return;
            }
        }
        byte[] commitment;
        try {
            commitment = EnvelopeReader.contentKeyCommitment(header, token);
        } catch (EnvelopeException e) {
            return; // cannot happen after a successful open with this token; remember nothing
        }
        synchronized (verified) {
            verified.put(key, new Verified(header, commitment, clock.instant()));
        }
    }

    /** Whether envelope {@code blob} with SM3 {@code digestHex} is remembered as verified. */
    boolean knows(String blob, String digestHex) {
        synchronized (verified) {
            return verified.containsKey(key(blob, digestHex));
        }
    }

    /** Forgets everything (tests; or after a change to the CA's records that should be re-checked). */
    void clear() {
        synchronized (verified) {
            verified.clear();
        }
    }

    private static String key(String blob, String digestHex) {
        return blob + '/' + digestHex;
    }
}
