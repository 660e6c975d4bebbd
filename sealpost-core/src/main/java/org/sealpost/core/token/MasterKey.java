package org.sealpost.core.token;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The server's master key for stored tokens: 32 random bytes kept outside the database (a file
 * readable only by the service account, or injected from a secret store). Prints as [REDACTED].
 */
public final class MasterKey {

    public static final int SIZE = 32;

    private final byte[] key;

    private MasterKey(byte[] key) {
        if (key.length != SIZE) {
            throw new IllegalArgumentException("master key must be 32 bytes");
        }
        this.key = key.clone();
    }

    public static MasterKey of(byte[] key) {
        return new MasterKey(key);
    }

    public static MasterKey load(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return new MasterKey(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    byte[] bytes() {
        return key.clone();
    }

    /** Overwrites the key in memory; the object is unusable afterwards. */
    public void destroy() {
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "MasterKey[REDACTED]";
    }
}
