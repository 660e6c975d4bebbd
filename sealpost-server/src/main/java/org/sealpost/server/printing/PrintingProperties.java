package org.sealpost.server.printing;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Controlled printing settings ({@code sealpost.printing.*}).
 *
 * @param cupsUrl the CUPS (or IPP printer) server, e.g. {@code ipp://localhost:631}; unset, copies
 *     are returned as PDF and the operator reports each result
 * @param greyAllowed whether de-sealed grey copies (脱密打印) may be printed (default true)
 * @param pollInterval how often the state of a submitted print job is asked for (default 2s)
 * @param requestTimeout connect and answer timeout of one IPP request (default 10s)
 */
@ConfigurationProperties("sealpost.printing")
public record PrintingProperties(URI cupsUrl, Boolean greyAllowed, Duration pollInterval, Duration requestTimeout) {

    public PrintingProperties {
        greyAllowed = greyAllowed == null ? Boolean.TRUE : greyAllowed;
        pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
    }
}
