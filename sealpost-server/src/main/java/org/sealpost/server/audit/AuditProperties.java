package org.sealpost.server.audit;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The audit chain's checkpoints, retention and forwarding ({@code sealpost.audit.*}).
 *
 * @param checkpointEvery sign a checkpoint once this many entries were appended since the last one
 * @param checkpointInterval and at least this often while entries are being appended (a quiet log
 *     gets no new checkpoint: nothing changed)
 * @param checkpointCheck how often a node looks whether a checkpoint is due by time (read by the
 *     schedule in {@link AuditCheckpoints}; tests turn it far down so they sign checkpoints themselves)
 * @param retention how long audit entries stay in the database (SECURITY.md L05, default 365 days;
 *     at least 180 days — the server refuses to start with less); older entries are archived to
 *     {@code archiveDir} and then purged up to a signed checkpoint
 * @param retentionCheck how often a node looks whether entries are due for archiving (schedule)
 * @param archiveDir where signed archives of purged entries are written (docs/audit-archive.md)
 * @param syslog forwarding of every audit entry to a separate system (off unless a host is set)
 */
@ConfigurationProperties("sealpost.audit")
public record AuditProperties(
        Integer checkpointEvery,
        Duration checkpointInterval,
        Duration checkpointCheck,
        Duration retention,
        Duration retentionCheck,
        Path archiveDir,
        Syslog syslog) {

    /** The legal floor (网络安全法 §21: network logs kept at least six months). */
    public static final Duration MINIMUM_RETENTION = Duration.ofDays(180);

    public AuditProperties {
        checkpointEvery = checkpointEvery == null ? 1000 : checkpointEvery;
        checkpointInterval = checkpointInterval == null ? Duration.ofMinutes(10) : checkpointInterval;
        checkpointCheck = checkpointCheck == null ? Duration.ofMinutes(1) : checkpointCheck;
        retention = retention == null ? Duration.ofDays(365) : retention;
        retentionCheck = retentionCheck == null ? Duration.ofHours(6) : retentionCheck;
        archiveDir = archiveDir == null ? Path.of("data", "audit-archive") : archiveDir;
        syslog = syslog == null ? new Syslog(null, null, null, null, null, null, null, null) : syslog;
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("sealpost.audit.checkpoint-every must be at least 1");
        }
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("sealpost.audit.checkpoint-interval must be positive");
        }
        if (retention.compareTo(MINIMUM_RETENTION) < 0) {
            throw new IllegalArgumentException("sealpost.audit.retention is " + retention.toDays()
                    + " days; audit must be kept at least 180 days (网络安全法 §21, SECURITY.md L05)");
        }
        if (retentionCheck.isNegative() || retentionCheck.isZero()) {
            throw new IllegalArgumentException("sealpost.audit.retention-check must be positive");
        }
    }

    /**
     * Syslog forwarding (RFC 5424 messages; TCP with octet-counting framing, RFC 6587, or UDP, RFC
     * 5426). Off while {@code host} is empty.
     *
     * @param host the receiver (a SIEM or log relay on another system)
     * @param port its port (default 601, syslog over TCP; 514 is usual for UDP)
     * @param protocol TCP (default; nothing is lost across an outage) or UDP (best effort)
     * @param facility the syslog facility number (default 13, "log audit")
     * @param hostname the HOSTNAME field (default: this machine's name)
     * @param batchSize entries sent per round
     * @param interval how often the forwarder looks for entries besides being woken after each commit
     * @param timeout connect and write timeout
     */
    public record Syslog(
            String host,
            Integer port,
            Protocol protocol,
            Integer facility,
            String hostname,
            Integer batchSize,
            Duration interval,
            Duration timeout) {

        public enum Protocol {
            TCP,
            UDP
        }

        public Syslog {
            host = host == null || host.isBlank() ? null : host.strip();
            port = port == null ? 601 : port;
            protocol = protocol == null ? Protocol.TCP : protocol;
            facility = facility == null ? 13 : facility;
            batchSize = batchSize == null ? 500 : batchSize;
            interval = interval == null ? Duration.ofSeconds(10) : interval;
            timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("sealpost.audit.syslog.port must be 1–65535");
            }
            if (facility < 0 || facility > 23) {
                throw new IllegalArgumentException("sealpost.audit.syslog.facility must be 0–23");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("sealpost.audit.syslog.batch-size must be at least 1");
            }
            if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("sealpost.audit.syslog.interval and timeout must be positive");
            }
        }

        public boolean enabled() {
            return host != null;
        }
    }
}
