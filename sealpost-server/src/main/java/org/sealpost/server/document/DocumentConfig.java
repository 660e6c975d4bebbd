package org.sealpost.server.document;

import java.security.SecureRandom;
import java.time.Clock;
import org.sealpost.core.envelope.EnvelopeWriter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DocumentProperties.class)
class DocumentConfig {

    @Bean
    EnvelopeWriter envelopeWriter(Clock clock, SecureRandom random) {
        return new EnvelopeWriter(clock, random);
    }
}
