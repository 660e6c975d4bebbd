package org.sealpost.server.notify;

/**
 * Sends one text message to one mainland mobile number. Implementations never throw for a delivery
 * problem: the outcome says whether the gateway accepted the message, refused it or is not
 * configured, so the caller records every attempt.
 */
public interface SmsGateway {

    SmsOutcome send(String mobile, String text);

    /** What became of one message. */
    sealed interface SmsOutcome {

        /** The SMSC accepted the message (every part of a long one); {@code messageId} of the first part. */
        record Sent(String messageId) implements SmsOutcome {}

        /** The gateway was unreachable or refused the message; worth retrying later. */
        record Failed(String reason) implements SmsOutcome {}

        /** {@code sealpost.sms.enabled} is false: nothing was sent, and retrying will not change that. */
        record NotConfigured() implements SmsOutcome {
            public static final String REASON = "not sent: SMS gateway not configured";
        }
    }
}
