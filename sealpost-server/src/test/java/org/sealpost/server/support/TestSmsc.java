package org.sealpost.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageId;

/**
 * A real SMPP peer on loopback for tests: an SMSC (jSMPP server) that accepts bind_transmitter with
 * the expected system_id and password, acknowledges each submit_sm with a message id and records it.
 * {@link #stop()} closes the port and every session, as an SMSC going down would.
 */
public final class TestSmsc implements ServerMessageReceiverListener {

    public static final String SYSTEM_ID = "sealpost";
    public static final String PASSWORD = "smsc-pw";

    /** One received submit_sm: destination, data_coding, esm_class and the raw short message. */
    public record Submitted(String destination, byte dataCoding, byte esmClass, byte[] shortMessage) {

        /** The text of a UCS2 single-part message (data_coding 0x08). */
        public String ucs2Text() {
            return new String(shortMessage, StandardCharsets.UTF_16BE);
        }
    }

    private final int port;
    private final List<Submitted> received = new CopyOnWriteArrayList<>();
    private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private volatile SMPPServerSessionListener listener;

    public TestSmsc(int port) {
        this.port = port;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public List<Submitted> received() {
        return List.copyOf(received);
    }

    public List<Submitted> receivedBy(String destination) {
        return received.stream()
                .filter(s -> s.destination().equals(destination))
                .toList();
    }

    /**
     * The messages sent to a destination as texts, in order: the parts of a concatenated UCS2
     * message (esm_class UDHI, 8-bit reference header) are joined into one text; an incomplete
     * message is left out.
     */
    public List<String> textsTo(String destination) {
        List<String> texts = new java.util.ArrayList<>();
        java.util.Map<Integer, String[]> pending = new java.util.LinkedHashMap<>();
        for (Submitted s : receivedBy(destination)) {
            if ((s.esmClass() & 0x40) == 0) {
                texts.add(s.ucs2Text());
                continue;
            }
            byte[] m = s.shortMessage();
            int headerLength = (m[0] & 0xff) + 1;
            int reference = m[3] & 0xff;
            int total = m[4] & 0xff;
            int seq = m[5] & 0xff;
            String[] parts = pending.computeIfAbsent(reference, r -> new String[total]);
            parts[seq - 1] = new String(m, headerLength, m.length - headerLength, StandardCharsets.UTF_16BE);
            if (Arrays.stream(parts).allMatch(java.util.Objects::nonNull)) {
                texts.add(String.join("", parts));
                pending.remove(reference);
            }
        }
        return texts;
    }

    public synchronized void start() {
        try {
            SMPPServerSessionListener l = new SMPPServerSessionListener(port);
            l.setMessageReceiverListener(this);
            listener = l;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(() -> acceptLoop(listener), "test-smsc-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public synchronized void stop() {
        try {
            if (listener != null) {
                listener.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        listener = null;
        sessions.forEach(SMPPServerSession::unbindAndClose);
        sessions.clear();
    }

    private void acceptLoop(SMPPServerSessionListener l) {
        while (true) {
            SMPPServerSession session;
            try {
                session = l.accept();
            } catch (IOException closed) {
                return;
            }
            sessions.add(session);
            try {
                BindRequest bind = session.waitForBind(5_000);
                if (SYSTEM_ID.equals(bind.getSystemId()) && PASSWORD.equals(bind.getPassword())) {
                    bind.accept("test-smsc");
                } else {
                    bind.reject(0x0E); // ESME_RINVPASWD
                }
            } catch (Exception e) {
                session.close();
            }
        }
    }

    @Override
    public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
        received.add(new Submitted(
                submitSm.getDestAddress(),
                submitSm.getDataCoding(),
                submitSm.getEsmClass(),
                Arrays.copyOf(submitSm.getShortMessage(), submitSm.getShortMessage().length)));
        try {
            return new SubmitSmResult(new MessageId(Long.toHexString(ids.incrementAndGet())), new OptionalParameter[0]);
        } catch (Exception e) {
            throw new ProcessRequestException(e.getMessage(), 8);
        }
    }

    @Override
    public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("not supported", 3);
    }

    @Override
    public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("not supported", 3);
    }

    @Override
    public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("not supported", 3);
    }

    @Override
    public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("not supported", 3);
    }

    @Override
    public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("not supported", 3);
    }

    @Override
    public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("not supported", 3);
    }

    @Override
    public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("not supported", 3);
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("not supported", 3);
    }
}
