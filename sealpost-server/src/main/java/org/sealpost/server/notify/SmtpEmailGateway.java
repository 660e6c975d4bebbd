package org.sealpost.server.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/** {@link EmailGateway} over SMTP through Spring's {@link JavaMailSender} ({@code spring.mail.*}). */
class SmtpEmailGateway implements EmailGateway {

    private static final Logger log = LoggerFactory.getLogger(SmtpEmailGateway.class);

    private final JavaMailSender sender;
    private final MailProperties props;

    SmtpEmailGateway(JavaMailSender sender, MailProperties props) {
        this.sender = sender;
        this.props = props;
    }

    @Override
    public MailOutcome send(String to, String subject, String body) {
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
            helper.setFrom(props.from());
            helper.setTo(to);
            helper.setSubject(subject);
            helper.setText(body, false);
            sender.send(message);
            return new MailOutcome.Sent(message.getMessageID());
        } catch (MailException | MessagingException e) {
            log.warn("e-mail to {} not sent: {}", org.sealpost.server.unit.PhoneNumbers.maskEmail(to), e.toString());
            return new MailOutcome.Failed(
                    "SMTP: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
