package org.sealpost.core.token;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** A private key with its certificate chain, end-entity certificate first. Prints no key. */
public record KeyEntry(PrivateKey key, List<X509Certificate> chain) {

    public KeyEntry {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a key entry needs its certificate");
        }
    }

    public KeyEntry(PrivateKey key, X509Certificate certificate) {
        this(key, List.of(certificate));
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "KeyEntry[" + certificate().getSubjectX500Principal() + ", key=REDACTED]";
    }
}
