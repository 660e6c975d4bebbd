package org.sealpost.server.delivery;

import java.util.Arrays;

/**
 * One decrypted file of an envelope (the body first, then the attachments), held only in memory.
 * {@link #wipe()} overwrites the bytes (SECURITY D01); {@code toString()} never shows content.
 */
public final class PlainFile {

    private final String name;
    private final String mediaType;
    private final byte[] content;

    PlainFile(String name, String mediaType, byte[] content) {
        this.name = name;
        this.mediaType = mediaType;
        this.content = content;
    }

    public String name() {
        return name;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The plaintext itself (not a copy: callers must not keep it beyond the request). */
    byte[] content() {
        return content;
    }

    public int size() {
        return content.length;
    }

    void wipe() {
        Arrays.fill(content, (byte) 0);
    }

    @Override
    public String toString() {
        return "PlainFile[" + name + ", " + mediaType + ", " + content.length + " bytes]";
    }
}
