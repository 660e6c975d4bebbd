package org.sealpost.server.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The audit chain's checkpoints ({@code sealpost.audit.*}).
 *
 * @param checkpointEvery sign a checkpoint once this many entries were appended since the last one
 * @param checkpointInterval and at least this often while entries are being appended (a quiet log
 *     gets no new checkpoint: nothing changed)
 * @param checkpointCheck how often a node looks whether a checkpoint is due by time (read by the
 *     schedule in {@link AuditCheckpoints}; tests turn it far down so they sign checkpoints themselves)
 */
@ConfigurationProperties("sealpost.audit")
public record AuditProperties(Integer checkpointEvery, Duration checkpointInterval, Duration checkpointCheck) {

    public AuditProperties {
        checkpointEvery = checkpointEvery == null ? 1000 : checkpointEvery;
        checkpointInterval = checkpointInterval == null ? Duration.ofMinutes(10) : checkpointInterval;
        checkpointCheck = checkpointCheck == null ? Duration.ofMinutes(1) : checkpointCheck;
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("sealpost.audit.checkpoint-every must be at least 1");
        }
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("sealpost.audit.checkpoint-interval must be positive");
        }
    }
}
