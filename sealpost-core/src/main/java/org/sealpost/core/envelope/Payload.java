package org.sealpost.core.envelope;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file to seal. Its content is read twice — once to hash (unless the SM3 is supplied), once to
 * encrypt — so the source must yield the same bytes each time it is opened; sealing fails if the
 * length differs, and recipients detect any other change ({@code PAYLOAD_DIGEST_MISMATCH}).
 */
public record Payload(String name, String mediaType, long size, Source source, byte[] knownSm3) {

    /** Re-openable content. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    public Payload {
        if (name == null || name.isEmpty() || mediaType == null || mediaType.isEmpty() || size < 0) {
            throw new IllegalArgumentException("a payload needs a name, a media type and a size");
        }
        knownSm3 = knownSm3 == null ? null : knownSm3.clone();
    }

    public static Payload ofFile(String name, String mediaType, Path file) throws IOException {
        return new Payload(name, mediaType, Files.size(file), () -> Files.newInputStream(file), null);
    }

    public static Payload ofBytes(String name, String mediaType, byte[] content) {
        byte[] copy = content.clone();
        return new Payload(name, mediaType, copy.length, () -> new ByteArrayInputStream(copy), null);
    }

    /**
     * The same payload with its SM3 already known (the server computes it on upload), which saves
     * the hashing pass. A wrong digest produces an envelope that no recipient can open.
     */
    public Payload withKnownSm3(byte[] sm3) {
        return new Payload(name, mediaType, size, source, sm3);
    }
}
