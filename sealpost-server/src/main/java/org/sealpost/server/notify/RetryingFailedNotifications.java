package org.sealpost.server.notify;

import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Redelivers events whose notifications failed (the gateway was down): every five minutes, the
 * incomplete publications older than {@code sealpost.sms.retry-failed-after}. Restarts redeliver
 * them too ({@code spring.modulith.events.republish-outstanding-events-on-restart}).
 */
@Component
class RetryingFailedNotifications {

    private final IncompleteEventPublications incomplete;
    private final SmsProperties props;

    RetryingFailedNotifications(IncompleteEventPublications incomplete, SmsProperties props) {
        this.incomplete = incomplete;
        this.props = props;
    }

    @Scheduled(initialDelay = 300_000, fixedDelay = 300_000)
    void retry() {
        incomplete.resubmitIncompletePublicationsOlderThan(props.retryFailedAfter());
    }
}
