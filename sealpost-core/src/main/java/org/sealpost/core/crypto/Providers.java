package org.sealpost.core.crypto;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The BouncyCastle JCA provider used by sealpost-core. It is passed explicitly to JCA calls; it is
 * also registered once, at the lowest priority, because parts of BouncyCastle's own PKCS#12 code
 * look algorithms up by name. Lowest priority means no JDK default changes because SealPost was
 * loaded.
 */
public final class Providers {

    private static final Provider BC = register();

    private Providers() {}

    public static Provider bouncyCastle() {
        return BC;
    }

    private static synchronized Provider register() {
        Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (existing != null) {
            return existing;
        }
        Provider provider = new BouncyCastleProvider();
        Security.addProvider(provider);
        return provider;
    }
}
