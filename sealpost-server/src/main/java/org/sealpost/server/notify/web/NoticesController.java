package org.sealpost.server.notify.web;

import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.notify.Notices;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * {@code /notices}: the unit's in-app notices, newest first, with mark-read (one, or all), and
 * {@code /notices/badge}, the header bell's count as an htmx fragment (refreshed every minute).
 */
@Controller
class NoticesController {

    private final Notices notices;

    NoticesController(Notices notices) {
        this.notices = notices;
    }

    @GetMapping("/notices")
    String list(Model model) {
        SignedInUser me = SignedInUser.current().orElseThrow();
        model.addAttribute("notices", notices.list(me));
        return "notify/notices";
    }

    @GetMapping("/notices/badge")
    String badge() {
        return "notify/badge :: badge";
    }

    @PostMapping("/notices/{id}/read")
    String read(@PathVariable long id) {
        notices.markRead(SignedInUser.current().orElseThrow(), id);
        return "redirect:/notices";
    }

    @PostMapping("/notices/read-all")
    String readAll() {
        notices.markAllRead(SignedInUser.current().orElseThrow());
        return "redirect:/notices";
    }

    @ExceptionHandler(Notices.NoticeNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/4xx";
    }
}
