package org.sealpost.core.password;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Salted, slow password hashing with PBKDF2-HMAC-SM3 (SECURITY.md K04, GB/T 39786 8.4e).
 *
 * <p>Encoded form: {@code pbkdf2-sm3$<iterations>$<salt b64>$<hash b64>}, so the iteration count
 * can be raised later without breaking stored hashes. Comparison is constant-time.
 */
public final class PasswordHash {

    public static final String PREFIX = "pbkdf2-sm3";
    public static final int DEFAULT_ITERATIONS = 100_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final SecureRandom random;
    private final int iterations;

    public PasswordHash(SecureRandom random, int iterations) {
        if (iterations < 1_000) {
            throw new IllegalArgumentException("too few PBKDF2 iterations: " + iterations);
        }
        this.random = random;
        this.iterations = iterations;
    }

    public PasswordHash() {
        this(new SecureRandom(), DEFAULT_ITERATIONS);
    }

    /** Hashes the password with a fresh random salt. */
    public String hash(CharSequence password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** True when the password matches the encoded hash; false for a malformed hash. */
    public boolean matches(CharSequence password, String encoded) {
        if (encoded == null) {
            return false;
        }
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return false;
        }
        try {
            int rounds = Integer.parseInt(parts[1]);
            if (rounds < 1_000 || rounds > 10_000_000) {
                return false;
            }
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, rounds));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /** True when the stored hash uses fewer iterations than this hasher and should be redone. */
    public boolean needsRehash(String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
        return parts.length != 4 || !PREFIX.equals(parts[0]) || !parts[1].equals(Integer.toString(iterations));
    }

    private static byte[] derive(CharSequence password, byte[] salt, int rounds) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        try {
            PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SM3Digest());
            generator.init(bytes, salt, rounds);
            return ((KeyParameter) generator.generateDerivedParameters(HASH_BYTES * 8)).getKey();
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
        }
    }
}
