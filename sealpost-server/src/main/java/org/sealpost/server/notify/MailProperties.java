package org.sealpost.server.notify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sealpost.mail.*}: e-mail notifications. The SMTP server itself is Spring Boot's {@code
 * spring.mail.*} (host, port, username, password, {@code properties.mail.smtp.starttls.enable});
 * without {@code spring.mail.host} no e-mail is sent and each is recorded SKIPPED.
 *
 * @param enabled false turns e-mail off even when {@code spring.mail.host} is set (default true)
 * @param from the From address (default {@code SealPost <noreply@sealpost.invalid>})
 * @param siteUrl the address people open SealPost at, named in the message (e.g. {@code
 *     https://sealpost.example.cn}); no link to a document is ever sent
 */
@ConfigurationProperties("sealpost.mail")
public record MailProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("SealPost <noreply@sealpost.invalid>") String from,
        String siteUrl) {}
