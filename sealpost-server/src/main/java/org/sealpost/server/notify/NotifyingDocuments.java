package org.sealpost.server.notify;

import org.sealpost.server.document.DeliveriesReminded;
import org.sealpost.server.document.DocumentClosed;
import org.sealpost.server.document.DocumentSent;
import org.sealpost.server.document.Urgency;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;

/**
 * Tells recipient units about documents (issue 6 item 8): an in-app notice always, an e-mail to
 * each contact with an address, and an SMS to each SMS contact for urgent and extra-urgent
 * documents and for reminders (催办) of them; normal documents are never texted. Recalls and voids
 * get a notice and an e-mail.
 *
 * <p>Delivered through the event publication registry, after the sending transaction commits: the
 * send never waits for or fails because of a gateway. Every notice and message is keyed by the
 * event's key and its recipient, so a redelivery (a FAILED SMS or e-mail, a restart) completes what
 * is missing and repeats nothing; the publication completes only when nothing FAILED.
 */
@Service
public class NotifyingDocuments {

    private final NoticeBoard board;
    private final Notifier notifier;
    private final UnitDirectory units;
    private final MailProperties mail;

    NotifyingDocuments(NoticeBoard board, Notifier notifier, UnitDirectory units, MailProperties mail) {
        this.board = board;
        this.notifier = notifier;
        this.units = units;
        this.mail = mail;
    }

    // NOT_SUPPORTED: each notice and message commits on its own (see Notifier)
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    public void on(DocumentSent sent) {
        String sender = name(sent.senderUnit());
        for (String unit : sent.unitCodes()) {
            board.post(new NoticeBoard.Draft(
                    sent.key(),
                    unit,
                    NoticeKind.DOCUMENT_RECEIVED,
                    sent.title(),
                    sent.docNo(),
                    sent.documentId(),
                    sent.urgency().name(),
                    sent.senderUnit()));
        }
        int failed = 0;
        for (String unit : sent.unitCodes()) {
            String unitName = name(unit);
            NotificationTexts.Mail m = NotificationTexts.receivedMail(
                    unitName, sender, sent.urgency(), sent.title(), sent.docNo(), mail.siteUrl());
            failed += notifier.email(sent.key(), unit, m.subject(), m.body());
            if (texted(sent.urgency())) {
                failed += notifier.sms(
                        sent.key(),
                        unit,
                        NotificationTexts.receivedSms(unitName, sender, sent.urgency(), sent.title()));
            }
        }
        complete(sent.key(), failed);
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    public void on(DeliveriesReminded reminded) {
        String sender = name(reminded.senderUnit());
        for (String unit : reminded.unitCodes()) {
            board.post(new NoticeBoard.Draft(
                    reminded.key(),
                    unit,
                    NoticeKind.DOCUMENT_REMINDED,
                    reminded.title(),
                    null,
                    reminded.documentId(),
                    reminded.urgency().name(),
                    reminded.senderUnit()));
        }
        int failed = 0;
        for (String unit : reminded.unitCodes()) {
            String unitName = name(unit);
            NotificationTexts.Mail m = NotificationTexts.remindedMail(
                    unitName, sender, reminded.urgency(), reminded.title(), mail.siteUrl());
            failed += notifier.email(reminded.key(), unit, m.subject(), m.body());
            if (texted(reminded.urgency())) {
                failed += notifier.sms(
                        reminded.key(),
                        unit,
                        NotificationTexts.remindedSms(unitName, sender, reminded.urgency(), reminded.title()));
            }
        }
        complete(reminded.key(), failed);
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    public void on(DocumentClosed closed) {
        NoticeKind kind = "VOIDED".equals(closed.kind()) ? NoticeKind.DOCUMENT_VOIDED : NoticeKind.DOCUMENT_RECALLED;
        String sender = name(closed.senderUnit());
        for (String unit : closed.unitCodes()) {
            board.post(new NoticeBoard.Draft(
                    closed.key(),
                    unit,
                    kind,
                    closed.title(),
                    closed.reason(),
                    closed.documentId(),
                    null,
                    closed.senderUnit()));
        }
        int failed = 0;
        for (String unit : closed.unitCodes()) {
            NotificationTexts.Mail m =
                    NotificationTexts.closedMail(name(unit), sender, closed.kind(), closed.title(), mail.siteUrl());
            failed += notifier.email(closed.key(), unit, m.subject(), m.body());
        }
        complete(closed.key(), failed);
    }

    /** SMS only for urgent and extra-urgent documents. */
    static boolean texted(Urgency urgency) {
        return urgency == Urgency.URGENT || urgency == Urgency.EXTRA_URGENT;
    }

    private String name(String unitCode) {
        return units.findByCode(unitCode).map(UnitRef::name).orElse(unitCode);
    }

    private static void complete(String key, int failed) {
        if (failed > 0) {
            throw new NotificationFailed(key, failed);
        }
    }
}
