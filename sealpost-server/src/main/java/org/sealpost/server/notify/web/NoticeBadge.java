package org.sealpost.server.notify.web;

import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.notify.Notices;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the signed-in person's unread notice count ({@code unreadNotices}) on every page for the header bell. */
@ControllerAdvice
class NoticeBadge {

    private final Notices notices;

    NoticeBadge(Notices notices) {
        this.notices = notices;
    }

    @ModelAttribute("unreadNotices")
    Integer unreadNotices() {
        return SignedInUser.current().map(notices::unreadCount).orElse(0);
    }
}
