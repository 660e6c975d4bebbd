package org.sealpost.server.notify;

import org.sealpost.server.checkin.CheckInReminderDue;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;

/**
 * A unit that has not checked in by a reminder time gets an in-app notice and an SMS to each of its
 * SMS contacts (公告 三, 第十五条), once per unit and half-day (the event's key).
 */
@Service
public class NotifyingCheckIns {

    private final NoticeBoard board;
    private final Notifier notifier;
    private final UnitDirectory units;

    NotifyingCheckIns(NoticeBoard board, Notifier notifier, UnitDirectory units) {
        this.board = board;
        this.notifier = notifier;
        this.units = units;
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    public void on(CheckInReminderDue due) {
        board.post(new NoticeBoard.Draft(
                due.key(),
                due.unitCode(),
                NoticeKind.CHECK_IN_REMINDER,
                "",
                due.day() + " " + due.halfDay(),
                null,
                null,
                null));
        String unitName = units.findByCode(due.unitCode()).map(UnitRef::name).orElse(due.unitCode());
        int failed = notifier.sms(due.key(), due.unitCode(), NotificationTexts.checkInSms(unitName, due));
        if (failed > 0) {
            throw new NotificationFailed(due.key(), failed);
        }
    }
}
