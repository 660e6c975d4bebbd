package org.sealpost.server.document;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Virus scanning of every uploaded body and attachment by ClamAV's clamd ({@code sealpost.antivirus.*},
 * checklist F04; docs/operations.md).
 *
 * @param enabled scan uploads; off by default so that {@code ./sealpost demo} needs nothing but a JDK
 *     (DESIGN §6). A production deployment turns it on; the server then refuses every upload while
 *     clamd cannot answer (fail closed)
 * @param host clamd's TCP address (its {@code TCPAddr}), default 127.0.0.1
 * @param port clamd's TCP port (its {@code TCPSocket}), default 3310
 * @param socket clamd's unix socket (its {@code LocalSocket}); when set it is used instead of host and port
 * @param timeout the longest a scan may take, connecting included; beyond it the upload is refused
 */
@ConfigurationProperties("sealpost.antivirus")
public record AntivirusProperties(boolean enabled, String host, int port, String socket, Duration timeout) {

    public AntivirusProperties {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        port = port == 0 ? 3310 : port;
        socket = socket == null || socket.isBlank() ? null : socket;
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }
}
