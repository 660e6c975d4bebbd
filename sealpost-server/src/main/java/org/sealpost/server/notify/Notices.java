package org.sealpost.server.notify;

import java.util.List;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.identity.DocumentUsage;
import org.springframework.stereotype.Service;

/**
 * In-app notices, for the header bell, the live inbox and {@code /notices}. A unit's notices are
 * shown to its people who may use documents (operators, usage grants, the regulator's office and
 * departments); anyone else sees none. Read state is the unit's: one person marking a notice read
 * marks it for the unit (the unit handles a document once, whoever opens it).
 */
@Service
public class Notices {

    /** The list page shows at most this many, newest first. */
    public static final int PAGE = 200;

    private final NoticeBoard board;
    private final DocumentUsage usage;

    Notices(NoticeBoard board, DocumentUsage usage) {
        this.board = board;
        this.usage = usage;
    }

    /** Unread notices of the user's unit; 0 for people who do not handle documents. */
    public int unreadCount(SignedInUser user) {
        return usage.mayUseDocuments(user) ? board.unreadCount(user.unitCode()) : 0;
    }

    /** The unit's notices, newest first (at most {@link #PAGE}). */
    public List<Notice> list(SignedInUser user) {
        return usage.mayUseDocuments(user) ? board.list(user.unitCode(), PAGE) : List.of();
    }

    /**
     * Marks a notice read.
     *
     * @throws NoticeNotFound when the notice is not the user's unit's (or the user handles no documents)
     */
    public void markRead(SignedInUser user, long noticeId) {
        if (!usage.mayUseDocuments(user) || !board.markRead(user.unitCode(), noticeId, user.username())) {
            throw new NoticeNotFound(noticeId);
        }
    }

    /** Marks every notice of the unit read; returns how many were unread. */
    public int markAllRead(SignedInUser user) {
        return usage.mayUseDocuments(user) ? board.markAllRead(user.unitCode(), user.username()) : 0;
    }

    /** No such notice for this user: shown as 404, the same as another unit's notice (C02). */
    public static class NoticeNotFound extends RuntimeException {
        NoticeNotFound(long id) {
            super("no notice " + id);
        }
    }
}
