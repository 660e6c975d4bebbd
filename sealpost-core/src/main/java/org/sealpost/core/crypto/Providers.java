package org.sealpost.core.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one BouncyCastle JCA provider instance used by sealpost-core. It is passed explicitly to
 * every JCA call instead of being registered globally, so that no other code in the JVM changes
 * behaviour because SealPost was loaded.
 */
public final class Providers {

    private static final Provider BC = new BouncyCastleProvider();

    private Providers() {}

    public static Provider bouncyCastle() {
        return BC;
    }
}
