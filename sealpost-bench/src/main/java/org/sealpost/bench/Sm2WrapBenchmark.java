package org.sealpost.bench;

import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sealpost.core.crypto.Sm2;

/**
 * SM2 encryption of a 16-byte content key (one recipient's key wrap): BouncyCastle's engine
 * directly; through SealPost as the envelope does it ({@link Sm2#encryptionKey} from the
 * certificate's JCA {@code PublicKey}, then one encryption: each recipient key is used once per
 * envelope); and with a key prepared once and reused.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Sm2WrapBenchmark {

    private final byte[] contentKey = new byte[16];
    private SM2Engine engine;
    private SecureRandom random;
    private PublicKey recipientKey;
    private Sm2.EncryptionKey preparedKey;

    @Setup
    public void setUp() {
        random = new SecureRandom();
        recipientKey = Sm2.generateKeyPair(random).getPublic();
        random.nextBytes(contentKey);
        try {
            preparedKey = Sm2.encryptionKey(recipientKey);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        // CustomNamedCurves has BouncyCastle's optimised sm2p256v1 field arithmetic (as its JCA
        // provider uses); GMNamedCurves' generic Fp curve measured about 3 times slower
        X9ECParameters curve = CustomNamedCurves.getByName("sm2p256v1");
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(
                new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH()), random));
        AsymmetricCipherKeyPair recipient = generator.generateKeyPair();
        engine = new SM2Engine();
        engine.init(true, new ParametersWithRandom(recipient.getPublic(), random));
    }

    @Benchmark
    public byte[] bcSm2WrapContentKey() throws InvalidCipherTextException {
        return engine.processBlock(contentKey, 0, contentKey.length);
    }

    @Benchmark
    public byte[] sealpostSm2WrapContentKey() throws InvalidKeyException {
        return Sm2.encryptionKey(recipientKey).encrypt(contentKey, random);
    }

    @Benchmark
    public byte[] sealpostSm2WrapPreparedKey() {
        return preparedKey.encrypt(contentKey, random);
    }
}
