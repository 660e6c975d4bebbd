package org.sealpost.server.document;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every uploaded body and attachment is scanned by clamd before anything of it is stored (F04).
 * Fails closed: infected → 422 {@code document.virus-found} naming what was found; clamd down,
 * too slow or answering nonsense → 503 {@code document.antivirus-unavailable}. Either way nothing
 * is stored (no blob, no row) and the refusal is audited by the use case's audit row
 * ({@code success = false}, the code as detail). Off unless {@code sealpost.antivirus.enabled}.
 */
@Component
class VirusScanning {

    private static final Logger log = LoggerFactory.getLogger(VirusScanning.class);

    private final AntivirusProperties props;
    private final ClamdClient clamd;

    VirusScanning(AntivirusProperties props) {
        this.props = props;
        this.clamd = props.enabled() ? ClamdClient.of(props) : null;
        if (!props.enabled()) {
            log.warn("uploads are not virus-scanned (sealpost.antivirus.enabled=false); turn it on in production");
        } else if (!clamd.ping()) {
            log.warn("clamd at {} does not answer: uploads are refused until it does", clamd.address());
        }
    }

    /**
     * Refuses {@code content} unless clamd calls it clean.
     *
     * @param what how the sender knows the file, e.g. {@code the body "通知.pdf"}
     */
    void check(String what, byte[] content) {
        if (clamd == null) {
            return;
        }
        ClamdClient.Verdict verdict;
        try {
            verdict = clamd.scan(content);
        } catch (IOException e) {
            log.error("virus scan failed, upload refused: {}", e.getMessage());
            throw new DocumentException(
                    503,
                    "document.antivirus-unavailable",
                    "The virus scanner cannot check uploads at the moment, so " + what
                            + " was not accepted and nothing was stored. Try again later; if this persists,"
                            + " tell the system administrator.");
        }
        if (!verdict.clean()) {
            log.warn("virus found in an upload: {}", verdict.found());
            throw DocumentException.unprocessable(
                    "virus-found",
                    "The virus scanner found " + verdict.found() + " in " + what
                            + ". It was refused and nothing was stored; the attempt was recorded.");
        }
    }

    boolean enabled() {
        return props.enabled();
    }
}
