package org.sealpost.server;

import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Time and randomness for every capability, injected so that tests can pin them (STYLE.md 10).
 * Define no other {@link Clock} or {@link SecureRandom} bean.
 */
@Configuration(proxyBeanMethods = false)
class PlatformBeans {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }
}
