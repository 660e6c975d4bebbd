package org.sealpost.server.blob;

/** Byte search for plaintext-marker checks (K05). */
public final class BlobStoreItSupport {

    private BlobStoreItSupport() {}

    public static int indexOf(byte[] haystack, byte[] needle) {
        return BlobStoreIT.indexOf(haystack, needle);
    }
}
