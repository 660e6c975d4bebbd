package org.sealpost.server.inbox.web;

import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.delivery.DeliveryException;
import org.sealpost.server.delivery.DeliveryState;
import org.sealpost.server.delivery.Inbox;
import org.sealpost.server.identity.DocumentUsage;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The 收文 entry of every page's header for operators and people with a document-usage grant:
 * {@code inboxBadge} (null for everybody else, which also keeps the live stream off their pages)
 * holds the unit's unread, to-sign and overdue counts.
 */
@ControllerAdvice
class InboxLayout {

    /** The header's and home page's counts. */
    public record InboxBadge(long unread, long toSign, long overdue) {}

    private final Inbox inbox;
    private final DocumentUsage usage;

    InboxLayout(Inbox inbox, DocumentUsage usage) {
        this.inbox = inbox;
        this.usage = usage;
    }

    @ModelAttribute("inboxBadge")
    InboxBadge inboxBadge(jakarta.servlet.http.HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/")
                || path.equals("/inbox/stream")
                || path.endsWith(".png")
                || path.endsWith(".pdf")) {
            return null; // no page around these answers
        }
        SignedInUser me = SignedInUser.current().orElse(null);
        if (me == null || !usage.mayUseDocuments(me)) {
            return null;
        }
        try {
            Inbox.InboxPage toSign =
                    inbox.list(me, new Inbox.InboxQuery(DeliveryState.DELIVERED, null, null, null, null, 0, 1));
            return new InboxBadge(toSign.unread(), toSign.total(), toSign.overdue());
        } catch (DeliveryException e) {
            return null;
        }
    }
}
