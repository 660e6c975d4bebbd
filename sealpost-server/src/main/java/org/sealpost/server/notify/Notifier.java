package org.sealpost.server.notify;

import org.sealpost.server.unit.EmailContact;
import org.sealpost.server.unit.SmsContact;
import org.sealpost.server.unit.UnitDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends one event's SMS or e-mail to each of a unit's contacts, at most once per (event key, channel,
 * recipient): each recipient is claimed in its own commit (SENDING) before the gateway is called and
 * its outcome committed right after, so a redelivered event, or a second node delivering the same
 * event, sends only what is FAILED. Returns how many failed; the listener then throws {@link
 * NotificationFailed} so the publication stays incomplete and is redelivered.
 *
 * <p>Trade-off: a node that dies between the gateway's acceptance and the outcome's commit leaves a
 * SENDING row that is never resent ({@link NotificationLog#stuckSending}): at most once for that
 * one message, rather than a duplicate.
 */
@Component
class Notifier {

    static final String SMS = "SMS";
    static final String EMAIL = "EMAIL";

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final UnitDirectory units;
    private final SmsGateway sms;
    private final EmailGateway email;
    private final NotificationLog notifications;

    Notifier(UnitDirectory units, SmsGateway sms, EmailGateway email, NotificationLog notifications) {
        this.units = units;
        this.sms = sms;
        this.email = email;
        this.notifications = notifications;
    }

    /** Texts every SMS contact of the unit; returns the number that failed. */
    int sms(String eventKey, String unitCode, String text) {
        int failed = 0;
        for (SmsContact contact : units.smsContacts(unitCode)) {
            if (!notifications.claim(eventKey, SMS, contact.mobile(), unitCode, text)) {
                continue;
            }
            SmsGateway.SmsOutcome outcome = sms.send(contact.mobile(), text);
            if (outcome instanceof SmsGateway.SmsOutcome.Sent sent) {
                finish(eventKey, SMS, contact.mobile(), NotificationStatus.SENT, sent.messageId(), null);
            } else if (outcome instanceof SmsGateway.SmsOutcome.Failed f) {
                finish(eventKey, SMS, contact.mobile(), NotificationStatus.FAILED, null, f.reason());
                failed++;
            } else {
                finish(
                        eventKey,
                        SMS,
                        contact.mobile(),
                        NotificationStatus.SKIPPED,
                        null,
                        SmsGateway.SmsOutcome.NotConfigured.REASON);
            }
        }
        return failed;
    }

    /** Mails every contact of the unit who has an e-mail address; returns the number that failed. */
    int email(String eventKey, String unitCode, String subject, String body) {
        int failed = 0;
        for (EmailContact contact : units.emailContacts(unitCode)) {
            if (!notifications.claim(eventKey, EMAIL, contact.email(), unitCode, subject)) {
                continue;
            }
            EmailGateway.MailOutcome outcome = email.send(contact.email(), subject, body);
            if (outcome instanceof EmailGateway.MailOutcome.Sent sent) {
                finish(eventKey, EMAIL, contact.email(), NotificationStatus.SENT, sent.messageId(), null);
            } else if (outcome instanceof EmailGateway.MailOutcome.Failed f) {
                finish(eventKey, EMAIL, contact.email(), NotificationStatus.FAILED, null, f.reason());
                failed++;
            } else {
                finish(
                        eventKey,
                        EMAIL,
                        contact.email(),
                        NotificationStatus.SKIPPED,
                        null,
                        EmailGateway.MailOutcome.NotConfigured.REASON);
            }
        }
        return failed;
    }

    private void finish(
            String eventKey, String channel, String address, NotificationStatus status, String id, String detail) {
        notifications.finish(eventKey, channel, address, status, id, detail);
        if (status == NotificationStatus.FAILED) {
            log.info("{} notification of {} failed; it is retried when the event is redelivered", channel, eventKey);
        }
    }
}
