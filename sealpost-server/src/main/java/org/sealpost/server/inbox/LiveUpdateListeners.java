package org.sealpost.server.inbox;

import java.time.Clock;
import org.sealpost.server.delivery.DeliveryReturned;
import org.sealpost.server.delivery.DeliverySigned;
import org.sealpost.server.document.DocumentClosed;
import org.sealpost.server.document.DocumentSent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

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
 */
@Component
class LiveUpdateListeners {

    private final LiveUpdates live;
    private final Clock clock;

    LiveUpdateListeners(LiveUpdates live, Clock clock) {
        this.live = live;
        this.clock = clock;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(DocumentSent e) {
        String data = json(
                "sent",
                e.documentId(),
                null,
                e.urgency() == null ? null : e.urgency().name());
        live.publish(e.unitCodes(), LiveUpdates.INBOX_CHANGED, data);
        live.publish(e.senderUnit(), LiveUpdates.DELIVERY_CHANGED, data);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(DeliverySigned e) {
        String data = json("signed", e.documentId(), e.deliveryId(), null);
        live.publish(e.senderUnit(), LiveUpdates.DELIVERY_CHANGED, data);
        live.publish(e.unitCode(), LiveUpdates.INBOX_CHANGED, data);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(DeliveryReturned e) {
        String data = json("returned", e.documentId(), e.deliveryId(), null);
        live.publish(e.senderUnit(), LiveUpdates.DELIVERY_CHANGED, data);
        live.publish(e.unitCode(), LiveUpdates.INBOX_CHANGED, data);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(DocumentClosed e) {
        String data = json(e.kind().toLowerCase(java.util.Locale.ROOT), e.documentId(), null, null);
        live.publish(e.unitCodes(), LiveUpdates.INBOX_CHANGED, data);
        live.publish(e.senderUnit(), LiveUpdates.DELIVERY_CHANGED, data);
    }

    private String json(String kind, String documentId, Long deliveryId, String urgency) {
        return LiveUpdates.data(kind, documentId, deliveryId, urgency, clock.instant());
    }
}
