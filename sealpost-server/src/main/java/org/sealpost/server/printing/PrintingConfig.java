package org.sealpost.server.printing;

import org.sealpost.core.render.PrintCopies;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PrintingProperties.class)
class PrintingConfig {

    /** Print copies with the CJK fonts installed on this machine (render module). */
    @Bean
    PrintCopies printCopies() {
        return PrintCopies.system();
    }
}
