package org.sealpost.server.notify;

import java.security.SecureRandom;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SmsProperties.class)
class NotifyConfig {

    @Bean
    SmsGateway smsGateway(SmsProperties props, SecureRandom random) {
        if (!props.enabled()) {
            return (mobile, text) -> new SmsGateway.SmsOutcome.NotConfigured();
        }
        return new SmppSmsGateway(props, random);
    }
}
