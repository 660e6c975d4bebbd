package org.sealpost.server.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The audit chain's checkpoints ({@code sealpost.audit.*}).
 *
 * @param checkpointEvery sign a checkpoint once this many entries were appended since the last one
 * @param checkpointInterval and at least this often while entries are being appended (a quiet log
 *     gets no new checkpoint: nothing changed)
 */
@ConfigurationProperties("sealpost.audit")
public record AuditProperties(Integer checkpointEvery, Duration checkpointInterval) {

    public AuditProperties {
        checkpointEvery = checkpointEvery == null ? 1000 : checkpointEvery;
        checkpointInterval = checkpointInterval == null ? Duration.ofMinutes(10) : checkpointInterval;
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("sealpost.audit.checkpoint-every must be at least 1");
        }
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("sealpost.audit.checkpoint-interval must be positive");
        }
    }
}
