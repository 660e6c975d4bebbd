package org.sealpost.server.notify;

import java.security.SecureRandom;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SmsProperties.class, MailProperties.class})
class NotifyConfig {

    @Bean
    SmsGateway smsGateway(SmsProperties props, SecureRandom random) {
        if (!props.enabled()) {
            return (mobile, text) -> new SmsGateway.SmsOutcome.NotConfigured();
        }
        return new SmppSmsGateway(props, random);
    }

    /** SMTP when Spring Boot made a mail sender ({@code spring.mail.host} set) and e-mail is enabled. */
    @Bean
    EmailGateway emailGateway(ObjectProvider<JavaMailSender> sender, MailProperties props) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null || !props.enabled()) {
            return (to, subject, body) -> new EmailGateway.MailOutcome.NotConfigured();
        }
        return new SmtpEmailGateway(mail, props);
    }
}
