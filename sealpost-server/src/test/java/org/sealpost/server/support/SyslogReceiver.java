package org.sealpost.server.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real syslog receiver on loopback for tests (SECURITY.md L05): TCP with octet-counting framing
 * (RFC 6587 §3.4.1) or UDP (RFC 5426), each message parsed strictly as RFC 5424 — header fields,
 * structured data with escaped parameter values, BOM'd UTF-8 message. Anything that does not parse
 * is kept in {@link #errors()}, so a test can require none. It can be stopped (closing the
 * listening socket and every connection, as a crashed receiver would) and started again on the
 * same port.
 */
public final class SyslogReceiver implements Closeable {

    /** One parsed RFC 5424 message. */
    public record Message(
            int facility,
            int severity,
            Instant timestamp,
            String hostname,
            String appName,
            String procId,
            String msgId,
            Map<String, Map<String, String>> structuredData,
            String msg) {
        public String param(String sdId, String name) {
            Map<String, String> element = structuredData.get(sdId);
            return element == null ? null : element.get(name);
        }
    }

    private final boolean udp;
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private int port;
    private volatile ServerSocket server;
    private volatile DatagramSocket datagrams;

    private SyslogReceiver(boolean udp) {
        this.udp = udp;
    }

    public static SyslogReceiver tcp() {
        SyslogReceiver r = new SyslogReceiver(false);
        r.start();
        return r;
    }

    public static SyslogReceiver udp() {
        SyslogReceiver r = new SyslogReceiver(true);
        r.start();
        return r;
    }

    public int port() {
        return port;
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Listens (again) on the port of the first start, or a free one the first time. */
    public synchronized void start() {
        try {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            if (udp) {
                DatagramSocket d = new DatagramSocket(null);
                d.setReuseAddress(true);
                d.bind(new InetSocketAddress(loopback, port));
                port = d.getLocalPort();
                datagrams = d;
                thread("syslog-udp", () -> receiveDatagrams(d));
            } else {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(loopback, port));
                port = s.getLocalPort();
                server = s;
                thread("syslog-accept", () -> accept(s));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on port " + port, e);
        }
    }

    /** Stops listening and drops every connection: an outage. */
    public synchronized void stop() {
        try {
            if (server != null) {
                server.close();
                server = null;
            }
            if (datagrams != null) {
                datagrams.close();
                datagrams = null;
            }
            for (Socket c : connections) {
                c.close();
            }
            connections.clear();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                synchronized (this) {
                    // stop() may have run between the handshake and here: then this connection
                    // must not outlive it (it would take frames while the receiver is "down")
                    if (server != s) {
                        c.close();
                        return;
                    }
                    connections.add(c);
                }
                thread("syslog-conn", () -> readFrames(c));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** RFC 6587 octet counting: MSG-LEN SP SYSLOG-MSG, MSG-LEN a positive decimal without leading zero. */
    private void readFrames(Socket c) {
        try (InputStream in = new BufferedInputStream(c.getInputStream())) {
            while (true) {
                int first = in.read();
                if (first == -1) {
                    return;
                }
                if (first < '1' || first > '9') {
                    errors.add("frame does not start with MSG-LEN: byte " + first);
                    return;
                }
                long len = first - '0';
                int b;
                while ((b = in.read()) != ' ') {
                    if (b < '0' || b > '9' || len > 10_000_000) {
                        errors.add("bad MSG-LEN byte " + b);
                        return;
                    }
                    len = len * 10 + (b - '0');
                }
                byte[] frame = in.readNBytes((int) len);
                if (frame.length != len) {
                    throw new EOFException("frame cut after " + frame.length + " of " + len + " bytes");
                }
                parse(frame);
            }
        } catch (SocketException closedByStop) {
            // stop() closed it
        } catch (IOException e) {
            errors.add(e.toString());
        } finally {
            connections.remove(c);
        }
    }

    private void receiveDatagrams(DatagramSocket d) {
        byte[] buf = new byte[65_535];
        while (!d.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                d.receive(p);
            } catch (IOException closed) {
                return;
            }
            byte[] m = new byte[p.getLength()];
            System.arraycopy(p.getData(), p.getOffset(), m, 0, m.length);
            parse(m);
        }
    }

    private void parse(byte[] raw) {
        try {
            messages.add(new Parser(raw).message());
        } catch (RuntimeException e) {
            errors.add(e.getMessage() + " in " + new String(raw, StandardCharsets.UTF_8));
        }
    }

    private static void thread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /** RFC 5424 §6 ABNF, strictly. */
    static final class Parser {
        private final byte[] b;
        private int i;

        Parser(byte[] b) {
            this.b = b;
        }

        Message message() {
            expect('<');
            int pri = digits(1, 3);
            if (pri > 191) {
                throw fail("PRI " + pri + " out of range");
            }
            expect('>');
            if (digits(1, 3) != 1) {
                throw fail("VERSION is not 1");
            }
            expect(' ');
            String ts = field(128);
            Instant timestamp = "-".equals(ts) ? null : Instant.parse(ts);
            expect(' ');
            String host = field(255);
            expect(' ');
            String app = field(48);
            expect(' ');
            String proc = field(128);
            expect(' ');
            String msgId = field(32);
            expect(' ');
            Map<String, Map<String, String>> sd = structuredData();
            String msg = null;
            if (i < b.length) {
                expect(' ');
                int start = i;
                if (b.length - i >= 3
                        && (b[i] & 0xFF) == 0xEF
                        && (b[i + 1] & 0xFF) == 0xBB
                        && (b[i + 2] & 0xFF) == 0xBF) {
                    start += 3;
                }
                msg = new String(b, start, b.length - start, StandardCharsets.UTF_8);
                i = b.length;
            }
            return new Message(pri / 8, pri % 8, timestamp, host, app, proc, msgId, sd, msg);
        }

        private Map<String, Map<String, String>> structuredData() {
            Map<String, Map<String, String>> sd = new LinkedHashMap<>();
            if (peek() == '-') {
                i++;
                return sd;
            }
            while (i < b.length && peek() == '[') {
                i++;
                String id = name();
                Map<String, String> params = new LinkedHashMap<>();
                while (peek() == ' ') {
                    i++;
                    String name = name();
                    expect('=');
                    expect('"');
                    ByteArrayOutputStream value = new ByteArrayOutputStream();
                    while (true) {
                        int c = next();
                        if (c == '"') {
                            break;
                        }
                        if (c == '\\' && (peek() == '"' || peek() == '\\' || peek() == ']')) {
                            c = next();
                        } else if (c == ']') {
                            throw fail("unescaped ] in PARAM-VALUE");
                        }
                        value.write(c);
                    }
                    params.put(name, value.toString(StandardCharsets.UTF_8));
                }
                expect(']');
                if (sd.put(id, params) != null) {
                    throw fail("SD-ID " + id + " twice");
                }
            }
            if (sd.isEmpty()) {
                throw fail("no STRUCTURED-DATA");
            }
            return sd;
        }

        /** SD-NAME: 1–32 PRINTUSASCII except '=', SP, ']', '"'. */
        private String name() {
            int start = i;
            while (i < b.length && b[i] >= 33 && b[i] <= 126 && b[i] != '=' && b[i] != ']' && b[i] != '"') {
                i++;
            }
            if (i == start || i - start > 32) {
                throw fail("bad SD-NAME");
            }
            return new String(b, start, i - start, StandardCharsets.US_ASCII);
        }

        private String field(int max) {
            int start = i;
            while (i < b.length && b[i] >= 33 && b[i] <= 126) {
                i++;
            }
            if (i == start || i - start > max) {
                throw fail("bad header field at " + start);
            }
            return new String(b, start, i - start, StandardCharsets.US_ASCII);
        }

        private int digits(int min, int max) {
            int start = i;
            int v = 0;
            while (i < b.length && b[i] >= '0' && b[i] <= '9' && i - start < max) {
                v = v * 10 + (b[i++] - '0');
            }
            if (i - start < min) {
                throw fail("digits expected at " + start);
            }
            return v;
        }

        private int peek() {
            if (i >= b.length) {
                throw fail("message ends early");
            }
            return b[i] & 0xFF;
        }

        private int next() {
            int c = peek();
            i++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw fail("expected '" + c + "' at " + (i - 1));
            }
        }

        private IllegalArgumentException fail(String why) {
            return new IllegalArgumentException("not RFC 5424: " + why);
        }
    }

    /** Every message's value of one structured-data parameter, in arrival order. */
    public List<String> params(String sdId, String name) {
        List<String> out = new ArrayList<>();
        for (Message m : messages) {
            out.add(m.param(sdId, name));
        }
        return out;
    }
}
