package org.sealpost.core.seal;

import java.security.cert.X509Certificate;
import java.util.Objects;
import org.sealpost.core.token.Token;
import org.sealpost.core.token.TokenException;

/**
 * A {@link SealKey} over a {@link Token}'s signing key: a server-held stored token, a unit-held
 * PKCS#12 file ({@link SealFile}) or, later, a hardware token. The token stays the caller's to close.
 *
 * <p>{@link SealKey#sign} has no checked exception, so a token failure (closed, locked) comes out as
 * {@link SigningFailed}, whose cause is the {@link TokenException} with its stable reason.
 */
public final class TokenSealKey implements SealKey {

    private final Token token;

    public TokenSealKey(Token token) {
        this.token = Objects.requireNonNull(token);
    }

    @Override
    public X509Certificate certificate() {
        return token.signingCertificate();
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            return token.sign(data);
        } catch (TokenException e) {
            throw new SigningFailed(e);
        }
    }

    @Override
    public String toString() {
        return "TokenSealKey[" + token.label() + "]";
    }

    /** The token refused to sign; {@link #tokenException()} says why. */
    public static final class SigningFailed extends RuntimeException {

        SigningFailed(TokenException cause) {
            super(cause.reason() + ": " + cause.getMessage(), cause);
        }

        public TokenException tokenException() {
            return (TokenException) getCause();
        }
    }
}
