package org.sealpost.core.envelope;

import java.util.HexFormat;

/** One file carried in the envelope, as the signed manifest describes it. */
public record PayloadEntry(String name, String mediaType, long size, byte[] sm3) {

    public PayloadEntry {
        sm3 = sm3.clone();
    }

    @Override
    public byte[] sm3() {
        return sm3.clone();
    }

    public String sm3Hex() {
        return HexFormat.of().formatHex(sm3);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PayloadEntry e
                && name.equals(e.name)
                && mediaType.equals(e.mediaType)
                && size == e.size
                && java.util.Arrays.equals(sm3, e.sm3);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Long.hashCode(size);
    }

    @Override
    public String toString() {
        return "PayloadEntry[" + name + ", " + mediaType + ", " + size + " bytes, sm3=" + sm3Hex() + "]";
    }
}
