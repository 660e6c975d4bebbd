package org.sealpost.server.notify;

import java.io.IOException;
import java.security.SecureRandom;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * {@link SmsGateway} over SMPP 3.4 (jSMPP): one bind_transmitter session, opened on first use and
 * reopened after any failure; each message is one submit_sm per part, UCS2 (data_coding 0x08) so
 * Chinese text survives. An SMSC refusal (negative response) is not retried here; a connection
 * problem is retried once on a fresh session, then reported as failed.
 */
class SmppSmsGateway implements SmsGateway, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SmppSmsGateway.class);

    private final SmsProperties props;
    private final SecureRandom random;
    private SMPPSession session;

    SmppSmsGateway(SmsProperties props, SecureRandom random) {
        this.props = props;
        this.random = random;
    }

    @Override
    public synchronized SmsOutcome send(String mobile, String text) {
        SmsText message = SmsText.of(text, props.maxParts(), random.nextInt(256));
        for (int attempt = 1; ; attempt++) {
            try {
                return new SmsOutcome.Sent(submit(bound(), mobile, message));
            } catch (NegativeResponseException refused) {
                return new SmsOutcome.Failed("SMSC refused: command_status " + refused.getCommandStatus());
            } catch (Exception e) {
                close();
                if (attempt == 2) {
                    log.warn("SMS to {} not sent: {}", mask(mobile), e.toString());
                    return new SmsOutcome.Failed("SMSC unavailable: "
                            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                }
            }
        }
    }

    private String submit(SMPPSession s, String mobile, SmsText message) throws Exception {
        ESMClass esm = message.concatenated()
                ? new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.UDHI)
                : new ESMClass();
        String first = null;
        for (byte[] part : message.parts()) {
            String id = s.submitShortMessage(
                            "",
                            TypeOfNumber.UNKNOWN,
                            NumberingPlanIndicator.UNKNOWN,
                            props.sourceAddress() == null ? "" : props.sourceAddress(),
                            TypeOfNumber.NATIONAL,
                            NumberingPlanIndicator.ISDN,
                            mobile,
                            esm,
                            (byte) 0,
                            (byte) 1,
                            null,
                            null,
                            new RegisteredDelivery(SMSCDeliveryReceipt.DEFAULT),
                            (byte) 0,
                            new GeneralDataCoding(Alphabet.ALPHA_UCS2),
                            (byte) 0,
                            part)
                    .getMessageId();
            first = first == null ? id : first;
        }
        return first;
    }

    private SMPPSession bound() throws IOException {
        if (session != null && session.getSessionState().isBound()) {
            return session;
        }
        close();
        SMPPSession fresh = new SMPPSession();
        fresh.setTransactionTimer(props.timeout().toMillis());
        fresh.setEnquireLinkTimer(30_000);
        try {
            fresh.connectAndBind(
                    props.host(),
                    props.port(),
                    new BindParameter(
                            BindType.BIND_TX,
                            props.systemId(),
                            props.password(),
                            "",
                            TypeOfNumber.UNKNOWN,
                            NumberingPlanIndicator.UNKNOWN,
                            null),
                    props.timeout().toMillis());
        } catch (IOException e) {
            fresh.close();
            throw e;
        }
        log.info("SMPP transmitter bound to {}:{} as {}", props.host(), props.port(), props.systemId());
        session = fresh;
        return session;
    }

    private synchronized void close() {
        if (session != null) {
            session.unbindAndClose();
            session = null;
        }
    }

    @Override
    public void destroy() {
        close();
    }

    private static String mask(String mobile) {
        return org.sealpost.server.unit.PhoneNumbers.mask(mobile);
    }
}
