package org.sealpost.server.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small client of clamd's socket protocol: {@code zINSTREAM}, then the content as chunks each
 * preceded by its length (4 bytes, network order), then a zero length; clamd answers one
 * NUL-terminated line {@code stream: OK}, {@code stream: <signature> FOUND} or {@code ... ERROR}
 * (clamd(8), "INSTREAM"). The whole exchange, connecting included, is bounded by the timeout: the
 * socket is closed when it runs out, so a clamd that accepts and never answers cannot hold an
 * upload. Anything but a clean or an infected verdict is an {@link IOException}: callers fail closed.
 */
final class ClamdClient {

    /** What clamd said about a stream: clean, or the name of what it found. */
    record Verdict(String found) {
        boolean clean() {
            return found == null;
        }
    }

    private static final int CHUNK = 64 * 1024;

    private final SocketAddress address;
    private final Duration timeout;

    ClamdClient(SocketAddress address, Duration timeout) {
        this.address = address;
        this.timeout = timeout;
    }

    static ClamdClient of(AntivirusProperties props) {
        SocketAddress address = props.socket() != null
                ? UnixDomainSocketAddress.of(Path.of(props.socket()))
                : new InetSocketAddress(props.host(), props.port());
        return new ClamdClient(address, props.timeout());
    }

    SocketAddress address() {
        return address;
    }

    /** Scans {@code content}; throws when clamd is unreachable, too slow, or answers anything unexpected. */
    Verdict scan(byte[] content) throws IOException {
        String reply = exchange(content);
        if (reply.endsWith(" FOUND")) {
            String name = reply.substring(0, reply.length() - " FOUND".length());
            int colon = name.indexOf(": ");
            return new Verdict(colon >= 0 ? name.substring(colon + 2) : name);
        }
        if (reply.endsWith(": OK")) {
            return new Verdict(null);
        }
        throw new IOException("clamd answered \"" + reply + "\"");
    }

    /** True when clamd answers {@code PONG} to {@code zPING} within the timeout. */
    boolean ping() {
        try {
            return "PONG".equals(call("zPING\0".getBytes(StandardCharsets.US_ASCII), null));
        } catch (IOException e) {
            return false;
        }
    }

    private String exchange(byte[] content) throws IOException {
        return call("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII), content);
    }

    private String call(byte[] command, byte[] stream) throws IOException {
        SocketChannel channel = SocketChannel.open(
                address instanceof UnixDomainSocketAddress
                        ? StandardProtocolFamily.UNIX
                        : ((InetSocketAddress) address).getAddress() instanceof Inet6Address
                                ? StandardProtocolFamily.INET6
                                : StandardProtocolFamily.INET);
        // a blocking channel has no read timeout: a short-lived thread does the exchange and the
        // channel is closed when the time is up, which ends a blocked connect, write or read
        CompletableFuture<String> reply = new CompletableFuture<>();
        Thread worker = new Thread(
                () -> {
                    try {
                        reply.complete(talk(channel, command, stream));
                    } catch (Throwable t) {
                        reply.completeExceptionally(t);
                    }
                },
                "clamd-scan");
        worker.setDaemon(true);
        worker.start();
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("clamd at " + address + " did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for clamd", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException("clamd at " + address + ": " + cause.getMessage(), cause);
        } finally {
            channel.close();
            worker.interrupt();
        }
    }

    private String talk(SocketChannel channel, byte[] command, byte[] stream) throws IOException {
        channel.connect(address);
        writeFully(channel, ByteBuffer.wrap(command));
        if (stream != null) {
            ByteBuffer length = ByteBuffer.allocate(4);
            for (int at = 0; at < stream.length; at += CHUNK) {
                int n = Math.min(CHUNK, stream.length - at);
                length.clear();
                length.putInt(n).flip();
                writeFully(channel, length);
                writeFully(channel, ByteBuffer.wrap(stream, at, n));
            }
            length.clear();
            length.putInt(0).flip();
            writeFully(channel, length);
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.allocate(512);
        while (true) {
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                byte b = in.get(i);
                if (b == 0 || b == '\n') {
                    return line.toString(StandardCharsets.UTF_8).strip();
                }
                line.write(b);
            }
            if (line.size() > 4096) {
                throw new IOException("clamd's answer is too long");
            }
        }
        if (line.size() == 0) {
            throw new IOException("clamd closed the connection without an answer");
        }
        return line.toString(StandardCharsets.UTF_8).strip();
    }

    private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
