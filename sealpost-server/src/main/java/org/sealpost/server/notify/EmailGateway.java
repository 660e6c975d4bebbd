package org.sealpost.server.notify;

/**
 * Sends one plain-text e-mail to one address. Like {@link SmsGateway}, implementations never throw
 * for a delivery problem: the outcome says what happened, so the caller records every attempt.
 */
public interface EmailGateway {

    MailOutcome send(String to, String subject, String body);

    /** What became of one e-mail. */
    sealed interface MailOutcome {

        /** The SMTP server accepted the message; {@code messageId} is its Message-ID header. */
        record Sent(String messageId) implements MailOutcome {}

        /** The SMTP server was unreachable or refused the message; worth retrying later. */
        record Failed(String reason) implements MailOutcome {}

        /** No SMTP server is configured ({@code spring.mail.host} unset or {@code sealpost.mail.enabled=false}). */
        record NotConfigured() implements MailOutcome {
            public static final String REASON = "not sent: e-mail (SMTP) not configured";
        }
    }
}
