package org.sealpost.server.inbox;

import java.time.Clock;
import org.sealpost.server.delivery.DeliveryReturned;
import org.sealpost.server.delivery.DeliverySigned;
import org.sealpost.server.document.DocumentClosed;
import org.sealpost.server.document.DocumentSent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Feeds {@link LiveUpdates} after the transaction that made a change commits (never before: a
 * page reloading on the event must see it): a sent document (or 补发) → {@code inbox-changed} to
 * each recipient unit; a signature or return → {@code delivery-changed} to the sender (its
 * tracking view) and {@code inbox-changed} to the recipient (other open pages of that unit); a
 * recall or void → {@code inbox-changed} to the recipients. Best effort by design: a page that
 * missed an event (closed, or on another node while the relay was cut off) shows the change on its
 * next load.
 *
 * <p>After commit, never inside the transaction, is also when the event leaves for the other
 * nodes ({@link PostgresLiveRelay}): a rolled-back change publishes nothing, and the business
 * transaction never waits for, nor fails on, the notification.
 *
 * <p>Plain {@code @EventListener}s that defer to the transaction's afterCommit themselves, not
 * {@code @TransactionalEventListener}s: Spring Modulith stores a publication row for every
 * transactional listener and marks it processed and completed in transactions of their own from
 * inside the committing transaction's completion, while that transaction still holds its
 * connection — two connections per signed delivery, which under 50 parallel sign-fors exhausted the
 * pool (30 s timeouts; docs/performance.md "Sign-for over HTTP"). A best-effort ping needs no
 * persisted publication.
 */
@Component
class LiveUpdateListeners {

    private final LiveUpdates live;
    private final Clock clock;

    LiveUpdateListeners(LiveUpdates live, Clock clock) {
        this.live = live;
        this.clock = clock;
    }

    @EventListener
    void on(DocumentSent e) {
        afterCommit(() -> {
            String data = json(
                    "sent",
                    e.documentId(),
                    null,
                    e.urgency() == null ? null : e.urgency().name());
            live.publish(e.unitCodes(), LiveUpdates.INBOX_CHANGED, data);
            live.publish(e.senderUnit(), LiveUpdates.DELIVERY_CHANGED, data);
        });
    }

    @EventListener
    void on(DeliverySigned e) {
        afterCommit(() -> {
            String data = json("signed", e.documentId(), e.deliveryId(), null);
            live.publish(e.senderUnit(), LiveUpdates.DELIVERY_CHANGED, data);
            live.publish(e.unitCode(), LiveUpdates.INBOX_CHANGED, data);
        });
    }

    @EventListener
    void on(DeliveryReturned e) {
        afterCommit(() -> {
            String data = json("returned", e.documentId(), e.deliveryId(), null);
            live.publish(e.senderUnit(), LiveUpdates.DELIVERY_CHANGED, data);
            live.publish(e.unitCode(), LiveUpdates.INBOX_CHANGED, data);
        });
    }

    @EventListener
    void on(DocumentClosed e) {
        afterCommit(() -> {
            String data = json(e.kind().toLowerCase(java.util.Locale.ROOT), e.documentId(), null, null);
            live.publish(e.unitCodes(), LiveUpdates.INBOX_CHANGED, data);
            live.publish(e.senderUnit(), LiveUpdates.DELIVERY_CHANGED, data);
        });
    }

    /** Runs {@code publish} after the surrounding transaction commits (never on rollback), or now without one. */
    private static void afterCommit(Runnable publish) {
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    publish.run();
                }
            });
        } else {
            publish.run();
        }
    }

    private String json(String kind, String documentId, Long deliveryId, String urgency) {
        return LiveUpdates.data(kind, documentId, deliveryId, urgency, clock.instant());
    }
}
