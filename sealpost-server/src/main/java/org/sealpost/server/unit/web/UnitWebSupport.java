package org.sealpost.server.unit.web;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.unit.UnitException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every units page needs (who is signed in, navigation flags, a date format) and how the
 * units capability's refusals are shown: one error page with the HTTP status of the refusal.
 */
@ControllerAdvice(basePackageClasses = UnitWebSupport.class)
class UnitWebSupport {

    private final Clock clock;

    UnitWebSupport(Clock clock) {
        this.clock = clock;
    }

    static SignedInUser user() {
        return SignedInUser.current().orElseThrow(() -> new AccessDeniedException("not a SealPost account"));
    }

    static boolean office(SignedInUser user) {
        return user.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR);
    }

    /** Puts each field violation of the domain on the form, so the page shows it beside the field. */
    static void bind(UnitException.InvalidInput invalid, BindingResult binding) {
        for (UnitException.FieldViolation v : invalid.violations()) {
            String field =
                    v.field().contains(".") ? v.field().substring(v.field().lastIndexOf('.') + 1) : v.field();
            binding.rejectValue(field, v.messageKey(), v.messageKey());
        }
    }

    @ModelAttribute
    void common(Model model) {
        SignedInUser.current().ifPresent(user -> {
            model.addAttribute("me", user);
            model.addAttribute("isOffice", office(user));
            model.addAttribute("isSystemAdmin", user.has(Role.SYSTEM_ADMIN));
        });
        model.addAttribute(
                "fmt", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(clock.getZone()));
        model.addAttribute("dayFmt", DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(clock.getZone()));
    }

    @ExceptionHandler(UnitException.class)
    ModelAndView refused(UnitException e) {
        ModelAndView page = new ModelAndView(
                "unit/error",
                switch (e.kind()) {
                    case NOT_FOUND -> HttpStatus.NOT_FOUND;
                    case FORBIDDEN -> HttpStatus.FORBIDDEN;
                    case INVALID -> HttpStatus.BAD_REQUEST;
                    case CONFLICT -> HttpStatus.CONFLICT;
                });
        page.addObject("messageKey", e.messageKey());
        page.addObject("messageArgs", e.arguments());
        return page;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView forbidden(AccessDeniedException e) {
        ModelAndView page = new ModelAndView("unit/error", HttpStatus.FORBIDDEN);
        page.addObject("messageKey", "unit.error.forbidden");
        page.addObject("messageArgs", new Object[0]);
        return page;
    }
}
