package org.sealpost.core.crypto;

import java.security.MessageDigest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** HMAC-SM3 (RFC 2104 over SM3): 32-byte tags, verified in constant time. */
public final class HmacSm3 {

    public static final int TAG_SIZE = 32;

    private HmacSm3() {}

    public static byte[] mac(byte[] key, byte[] data) {
        if (key.length < 16) {
            throw new IllegalArgumentException("HMAC-SM3 key must be at least 16 bytes");
        }
        HMac hmac = new HMac(new SM3Digest());
        hmac.init(new KeyParameter(key));
        hmac.update(data, 0, data.length);
        byte[] out = new byte[TAG_SIZE];
        hmac.doFinal(out, 0);
        return out;
    }

    public static boolean verify(byte[] key, byte[] data, byte[] tag) {
        return MessageDigest.isEqual(mac(key, data), tag);
    }
}
