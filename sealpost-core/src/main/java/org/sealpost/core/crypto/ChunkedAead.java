package org.sealpost.core.crypto;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.AEADBadTagException;
import org.sealpost.core.crypto.sm4.Sm4;

/**
 * Streaming authenticated encryption with SM4-GCM in fixed-size chunks (the STREAM construction of
 * Hoang, Reyhanitabar, Rogaway and Vizár, as in Tink's streaming AEAD), constant memory for any
 * length.
 *
 * <p>The plaintext is cut into chunks of {@code chunkSize} bytes; the last chunk holds the rest
 * (0 to {@code chunkSize} bytes; an empty plaintext is one empty chunk). Chunk {@code i} is
 * encrypted with SM4-GCM under the stream key with nonce {@code prefix(7) ‖ uint32_be(i) ‖ last}
 * where {@code last} is 0x01 for the final chunk and 0x00 otherwise, and with the stream's
 * associated data; the output is the concatenation of {@code ciphertext_i ‖ tag_i}. Because the
 * index and the last flag are in the nonce, reordering, duplicating, dropping or appending chunks
 * makes a tag fail or the stream end early; the reader also knows the plaintext length in advance.
 *
 * <p>Misuse resistance: an instance from {@link #newStream} has a fresh random key and prefix and
 * encrypts exactly once; an instance from {@link #forDecryption} cannot encrypt. Chunks are
 * processed by up to {@code parallelism} worker threads with at most {@code 2 × parallelism}
 * chunks in flight, and output is written strictly in order; {@code parallelism == 1} runs on the
 * calling thread only.
 */
public final class ChunkedAead {

    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;
    public static final int MIN_CHUNK_SIZE = 256;
    public static final int MAX_CHUNK_SIZE = 4 * 1024 * 1024;
    public static final int KEY_SIZE = Sm4.KEY_SIZE;
    public static final int NONCE_PREFIX_SIZE = 7;
    public static final int TAG_SIZE = Sm4Gcm.TAG_SIZE;
    /** Chunk indices are 32-bit. */
    public static final long MAX_CHUNKS = 1L << 32;

    private final byte[] key;
    private final byte[] prefix;
    private final int chunkSize;
    private final int parallelism;
    private final Sm4Gcm gcm;
    private final AtomicBoolean encryptionAllowed;

    private ChunkedAead(byte[] key, byte[] prefix, int chunkSize, int parallelism, boolean forEncryption) {
        if (key.length != KEY_SIZE || prefix.length != NONCE_PREFIX_SIZE) {
            throw new IllegalArgumentException("key must be 16 bytes and nonce prefix 7 bytes");
        }
        checkChunkSize(chunkSize);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.key = key.clone();
        this.prefix = prefix.clone();
        this.chunkSize = chunkSize;
        this.parallelism = parallelism;
        this.gcm = new Sm4Gcm(key);
        this.encryptionAllowed = new AtomicBoolean(forEncryption);
    }

    /** A new stream with a random key and nonce prefix, ready to encrypt once. */
    public static ChunkedAead newStream(SecureRandom random, int chunkSize, int parallelism) {
        byte[] key = new byte[KEY_SIZE];
        byte[] prefix = new byte[NONCE_PREFIX_SIZE];
        random.nextBytes(key);
        random.nextBytes(prefix);
        try {
            return new ChunkedAead(key, prefix, chunkSize, parallelism, true);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    public static ChunkedAead forDecryption(byte[] key, byte[] noncePrefix, int chunkSize, int parallelism) {
        return new ChunkedAead(key, noncePrefix, chunkSize, parallelism, false);
    }

    /** Default parallelism: one chunk worker per available core. */
    public static int defaultParallelism() {
        return ChunkWorkers.cores();
    }

    public static void checkChunkSize(int chunkSize) {
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE || chunkSize % 16 != 0) {
            throw new IllegalArgumentException("chunk size must be a multiple of 16 in [256, 4 MiB]: " + chunkSize);
        }
    }

    public static long chunkCount(long plaintextLength, int chunkSize) {
        return Math.max(1, (plaintextLength + chunkSize - 1) / chunkSize);
    }

    public static long ciphertextLength(long plaintextLength, int chunkSize) {
        return plaintextLength + chunkCount(plaintextLength, chunkSize) * TAG_SIZE;
    }

    /** The content key, for wrapping to recipients. The caller should wipe the copy after use. */
    public byte[] key() {
        return key.clone();
    }

    public byte[] noncePrefix() {
        return prefix.clone();
    }

    public int chunkSize() {
        return chunkSize;
    }

    /**
     * Encrypts exactly {@code length} bytes from {@code in} to {@code out}.
     *
     * @throws EOFException when {@code in} ends before {@code length} bytes
     * @throws IllegalStateException on a second call, or on an instance made for decryption
     */
    public void encrypt(InputStream in, long length, byte[] associatedData, OutputStream out) throws IOException {
        if (!encryptionAllowed.compareAndSet(true, false)) {
            throw new IllegalStateException("a stream key encrypts exactly one stream");
        }
        try {
            run(in, length, associatedData.clone(), out, true);
        } catch (StreamAuthenticationException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Decrypts the chunks of a plaintext of {@code length} bytes from {@code in}, writing each chunk
     * to {@code out} only after its tag verified. Reads exactly {@link #ciphertextLength} bytes;
     * whatever follows is left unread for the caller to judge.
     */
    public void decrypt(InputStream in, long length, byte[] associatedData, OutputStream out)
            throws IOException, StreamAuthenticationException {
        run(in, length, associatedData.clone(), out, false);
    }

    private void run(InputStream in, long length, byte[] aad, OutputStream out, boolean encrypt)
            throws IOException, StreamAuthenticationException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        long chunks = chunkCount(length, chunkSize);
        if (chunks > MAX_CHUNKS) {
            throw new IllegalArgumentException("stream too long for 32-bit chunk indices");
        }
        if (parallelism == 1) {
            runSequential(in, length, chunks, aad, out, encrypt);
        } else {
            runParallel(in, length, chunks, aad, out, encrypt);
        }
    }

    private void runSequential(InputStream in, long length, long chunks, byte[] aad, OutputStream out, boolean encrypt)
            throws IOException, StreamAuthenticationException {
        byte[] input = new byte[chunkSize + TAG_SIZE];
        byte[] output = new byte[chunkSize + TAG_SIZE];
        for (long i = 0; i < chunks; i++) {
            int plain = plainLength(i, length);
            int inLen = encrypt ? plain : plain + TAG_SIZE;
            read(in, input, inLen, i, length, encrypt);
            int outLen;
            try {
                outLen = process(i, i == chunks - 1, aad, input, plain, output, encrypt);
            } catch (AEADBadTagException e) {
                throw chunkFailed(i);
            }
            out.write(output, 0, outLen);
        }
    }

    private void runParallel(InputStream in, long length, long chunks, byte[] aad, OutputStream out, boolean encrypt)
            throws IOException, StreamAuthenticationException {
        ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
        int window = 2 * parallelism;
        try {
            for (long i = 0; i < chunks; i++) {
                int plain = plainLength(i, length);
                byte[] input = new byte[encrypt ? plain : plain + TAG_SIZE];
                try {
                    read(in, input, input.length, i, length, encrypt);
                } catch (StreamAuthenticationException truncated) {
                    // an earlier chunk that fails authentication is the first error, as in sequential mode
                    for (long j = i - inFlight.size(); !inFlight.isEmpty(); j++) {
                        out.write(await(inFlight.poll(), j));
                    }
                    throw truncated;
                }
                long index = i;
                boolean last = i == chunks - 1;
                inFlight.add(ChunkWorkers.pool().submit(() -> {
                    byte[] output = new byte[encrypt ? plain + TAG_SIZE : plain];
                    process(index, last, aad, input, plain, output, encrypt);
                    return output;
                }));
                if (inFlight.size() >= window) {
                    out.write(await(inFlight.poll(), i - inFlight.size()));
                }
            }
            for (long i = chunks - inFlight.size(); !inFlight.isEmpty(); i++) {
                out.write(await(inFlight.poll(), i));
            }
        } finally {
            for (Future<byte[]> pending : inFlight) {
                pending.cancel(true);
            }
        }
    }

    private static byte[] await(Future<byte[]> result, long index) throws IOException, StreamAuthenticationException {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while processing chunk " + index);
        } catch (CancellationException e) {
            throw new InterruptedIOException("chunk " + index + " was cancelled");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AEADBadTagException) {
                throw chunkFailed(index);
            }
            throw new IllegalStateException("chunk " + index + " failed", e.getCause());
        }
    }

    /** Encrypts or decrypts one chunk from {@code input} into {@code output}; returns bytes written. */
    private int process(long index, boolean last, byte[] aad, byte[] input, int plain, byte[] output, boolean encrypt)
            throws AEADBadTagException {
        byte[] nonce = nonce(index, last);
        if (encrypt) {
            gcm.seal(nonce, aad, input, 0, plain, output, 0);
            return plain + TAG_SIZE;
        }
        gcm.open(nonce, aad, input, 0, plain, output, 0);
        return plain;
    }

    private byte[] nonce(long index, boolean last) {
        byte[] nonce = new byte[Sm4Gcm.NONCE_SIZE];
        System.arraycopy(prefix, 0, nonce, 0, NONCE_PREFIX_SIZE);
        nonce[7] = (byte) (index >>> 24);
        nonce[8] = (byte) (index >>> 16);
        nonce[9] = (byte) (index >>> 8);
        nonce[10] = (byte) index;
        nonce[11] = (byte) (last ? 1 : 0);
        return nonce;
    }

    private int plainLength(long index, long length) {
        return (int) Math.min(chunkSize, length - index * chunkSize);
    }

    private static void read(InputStream in, byte[] buffer, int len, long index, long length, boolean encrypt)
            throws IOException, StreamAuthenticationException {
        int n = in.readNBytes(buffer, 0, len);
        if (n < len) {
            if (encrypt) {
                throw new EOFException("input ended before the declared " + length + " bytes");
            }
            throw new StreamAuthenticationException(
                    StreamAuthenticationException.Kind.TRUNCATED, index, "ciphertext ends inside chunk " + index);
        }
    }

    private static StreamAuthenticationException chunkFailed(long index) {
        return new StreamAuthenticationException(
                StreamAuthenticationException.Kind.CHUNK_AUTH_FAILED,
                index,
                "chunk " + index + " failed authentication (altered, reordered, duplicated or from another stream)");
    }

    @Override
    public String toString() {
        return "ChunkedAead[chunkSize=" + chunkSize + ", key=REDACTED]";
    }
}
