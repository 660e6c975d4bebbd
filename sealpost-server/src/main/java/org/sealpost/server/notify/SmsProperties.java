package org.sealpost.server.notify;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sealpost.sms.*}: the SMPP gateway (SMSC) that SMS notifications go through.
 *
 * @param enabled false (default): no connection is made and each SMS is recorded as SKIPPED, "not
 *     sent: SMS gateway not configured"
 * @param host SMSC host
 * @param port SMSC port (default 2775)
 * @param systemId SMPP system_id for bind_transmitter (at most 15 characters)
 * @param password SMPP password (SMPP 3.4 allows at most 8 characters); never logged
 * @param sourceAddress the sender address (short code or alphanumeric sender id) shown to recipients
 * @param timeout bind and submit_sm response timeout (default 10s)
 * @param maxParts a longer message is cut to this many concatenated parts (default 4)
 * @param retryFailedAfter failed notifications are retried (their event publication resubmitted)
 *     once they are this old (default 10m)
 */
@ConfigurationProperties("sealpost.sms")
public record SmsProperties(
        @DefaultValue("false") boolean enabled,
        String host,
        @DefaultValue("2775") int port,
        String systemId,
        String password,
        String sourceAddress,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("4") int maxParts,
        @DefaultValue("10m") Duration retryFailedAfter) {

    /** SMPP 3.4 field limits (C-Octet strings), checked at start so a bad value never reaches a bind. */
    public SmsProperties {
        if (enabled) {
            require(host != null && !host.isBlank(), "sealpost.sms.host is required when sealpost.sms.enabled");
            require(
                    systemId != null && !systemId.isEmpty() && systemId.length() <= 15,
                    "sealpost.sms.system-id is required, at most 15 characters");
            require(
                    password != null && password.length() <= 8,
                    "sealpost.sms.password is required, at most 8 characters");
            require(
                    sourceAddress == null || sourceAddress.length() <= 20,
                    "sealpost.sms.source-address is at most 20 characters");
            require(maxParts >= 1 && maxParts <= 255, "sealpost.sms.max-parts is 1 to 255");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public String toString() {
        return "SmsProperties[enabled=" + enabled + ", host=" + host + ", port=" + port + ", systemId=" + systemId
                + ", password=[REDACTED], sourceAddress=" + sourceAddress + ", timeout=" + timeout + ", maxParts="
                + maxParts + ", retryFailedAfter=" + retryFailedAfter + "]";
    }
}
