package org.sealpost.server.notify;

import org.sealpost.server.delivery.DeliveryReturned;
import org.sealpost.server.delivery.DeliverySigned;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;

/**
 * Tells the sending unit that a recipient signed for its document (签收回执) or returned it (退回,
 * with the reason): an in-app notice and an e-mail to its contacts with an address; no SMS. Keyed
 * by the delivery event's key, so a redelivery repeats nothing.
 */
@Service
public class NotifyingDeliveries {

    private final NoticeBoard board;
    private final Notifier notifier;
    private final UnitDirectory units;
    private final JdbcTemplate jdbc;
    private final MailProperties mail;

    NotifyingDeliveries(
            NoticeBoard board, Notifier notifier, UnitDirectory units, JdbcTemplate jdbc, MailProperties mail) {
        this.board = board;
        this.notifier = notifier;
        this.units = units;
        this.jdbc = jdbc;
        this.mail = mail;
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    public void on(DeliverySigned signed) {
        String title = title(signed.documentId());
        String recipient = name(signed.unitCode());
        board.post(new NoticeBoard.Draft(
                signed.key(),
                signed.senderUnit(),
                NoticeKind.RECEIPT_SIGNED,
                title,
                recipient,
                signed.documentId(),
                null,
                signed.unitCode()));
        NotificationTexts.Mail m =
                NotificationTexts.signedMail(name(signed.senderUnit()), recipient, title, mail.siteUrl());
        int failed = notifier.email(signed.key(), signed.senderUnit(), m.subject(), m.body());
        if (failed > 0) {
            throw new NotificationFailed(signed.key(), failed);
        }
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    public void on(DeliveryReturned returned) {
        String title = title(returned.documentId());
        String recipient = name(returned.unitCode());
        board.post(new NoticeBoard.Draft(
                returned.key(),
                returned.senderUnit(),
                NoticeKind.DELIVERY_RETURNED,
                title,
                recipient + "：" + returned.reason(),
                returned.documentId(),
                null,
                returned.unitCode()));
        NotificationTexts.Mail m = NotificationTexts.returnedMail(
                name(returned.senderUnit()), recipient, title, returned.reason(), mail.siteUrl());
        int failed = notifier.email(returned.key(), returned.senderUnit(), m.subject(), m.body());
        if (failed > 0) {
            throw new NotificationFailed(returned.key(), failed);
        }
    }

    // the title from the shared V50 document table (read only): the delivery events carry ids only
    private String title(String documentId) {
        return jdbc.queryForList("SELECT title FROM document WHERE id = ?", String.class, documentId).stream()
                .findFirst()
                .orElse(documentId);
    }

    private String name(String unitCode) {
        return units.findByCode(unitCode).map(UnitRef::name).orElse(unitCode);
    }
}
