package org.sealpost.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A real ClamAV daemon ({@code /usr/sbin/clamd} from Debian's {@code clamav-daemon}) on a loopback
 * port, with its own configuration and a signature database holding only one signature: the EICAR
 * test file, as a body-based (.ndb) hex signature written here, so no network (freshclam) is needed
 * and no EICAR file is committed. {@link #stop()} and {@link #start()} take it down and bring it back
 * on the same port. Fails with an install hint when clamd is missing.
 */
public final class Clamd implements AutoCloseable {

    public static final Path CLAMD = Path.of("/usr/sbin/clamd");

    /** The signature name clamd reports for {@link #eicar()} (custom databases get {@code .UNOFFICIAL}). */
    public static final String SIGNATURE = "SealPost.Test.EICAR";

    private final Path dir;
    private final int port;
    private Process process;

    private Clamd(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The 68-byte EICAR anti-virus test file, assembled here so the repository does not carry it. */
    public static byte[] eicar() {
        String a = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$";
        String b = "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!";
        String c = "$H+H*";
        return (a + b + c).getBytes(StandardCharsets.US_ASCII);
    }

    public static Clamd startOnLoopback() throws IOException {
        if (!Files.isExecutable(CLAMD)) {
            throw new AssertionError("clamd is not installed: apt-get install clamav-daemon (see .ci/run)");
        }
        Path dir = Files.createTempDirectory("sealpost-clamd-");
        Path db = Files.createDirectories(dir.resolve("db"));
        Files.writeString(
                db.resolve("sealpost-test.ndb"),
                SIGNATURE + ":0:*:" + HexFormat.of().formatHex(eicar()) + "\n");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Files.writeString(
                dir.resolve("clamd.conf"),
                String.join(
                        "\n",
                        "DatabaseDirectory " + db,
                        "TCPSocket " + port,
                        "TCPAddr 127.0.0.1",
                        "Foreground yes",
                        "LogFile " + dir.resolve("clamd.log"),
                        "PidFile " + dir.resolve("clamd.pid"),
                        "StreamMaxLength 64M",
                        "MaxThreads 4",
                        "SelfCheck 3600",
                        // as root clamd would otherwise switch to the clamav user, which cannot read the temp dir
                        "User " + System.getProperty("user.name"),
                        ""));
        Clamd clamd = new Clamd(dir, port);
        clamd.start();
        return clamd;
    }

    public int port() {
        return port;
    }

    public synchronized void start() throws IOException {
        process = new ProcessBuilder(
                        CLAMD.toString(), "-c", dir.resolve("clamd.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("clamd.out").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("clamd exited: " + Files.readString(dir.resolve("clamd.out")));
            }
            if (pong()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IOException("clamd did not answer PING within 60 s: " + Files.readString(dir.resolve("clamd.out")));
    }

    /** Stops clamd and waits until its port refuses connections. */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    private boolean pong() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] reply = in.readNBytes(4);
            return "PONG".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
