package org.sealpost.server.document;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.sealpost.core.document.Limits;
import org.sealpost.core.document.OfficeConversion;
import org.sealpost.core.envelope.EnvelopeWriter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DocumentProperties.class, AntivirusProperties.class})
class DocumentConfig {

    @Bean
    EnvelopeWriter envelopeWriter(Clock clock, SecureRandom random) {
        return new EnvelopeWriter(clock, random);
    }

    /**
     * One LibreOffice converter per server: its {@code soffice} process starts on the first DOCX/WPS/ODT
     * upload and is stopped when the context closes.
     */
    @Bean(destroyMethod = "close")
    OfficeConversion officeConversion(DocumentProperties props) {
        if (props.officeHome() == null) {
            return new OfficeConversion();
        }
        return new OfficeConversion(
                props.officeHome().isBlank() ? null : Path.of(props.officeHome()), Limits.defaults());
    }
}
