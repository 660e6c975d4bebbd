package org.sealpost.core.envelope;

import java.util.HexFormat;

/**
 * One recipient unit: the SM3 fingerprint of its encryption certificate and the content key
 * SM2-encrypted (C1‖C3‖C2) to that certificate's key.
 */
public record RecipientEntry(String unitCode, byte[] certificateSm3, byte[] wrappedKey) {

    public RecipientEntry {
        certificateSm3 = certificateSm3.clone();
        wrappedKey = wrappedKey.clone();
    }

    @Override
    public byte[] certificateSm3() {
        return certificateSm3.clone();
    }

    @Override
    public byte[] wrappedKey() {
        return wrappedKey.clone();
    }

    public String certificateSm3Hex() {
        return HexFormat.of().formatHex(certificateSm3);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecipientEntry e
                && unitCode.equals(e.unitCode)
                && java.util.Arrays.equals(certificateSm3, e.certificateSm3)
                && java.util.Arrays.equals(wrappedKey, e.wrappedKey);
    }

    @Override
    public int hashCode() {
        return unitCode.hashCode();
    }

    @Override
    public String toString() {
        return "RecipientEntry[" + unitCode + ", cert sm3=" + certificateSm3Hex() + "]";
    }
}
