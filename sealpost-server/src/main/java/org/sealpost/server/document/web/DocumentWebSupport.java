package org.sealpost.server.document.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.function.Supplier;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.document.DocumentException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ResponseStatusException;

/**
 * What every sending page needs (who is asking, whether to show English names) and how the
 * document capability's refusals are shown: on the page they came from where there is one
 * ({@link #refuse}), otherwise on the plain error page with the refusal's status.
 */
@ControllerAdvice(basePackageClasses = DocumentWebSupport.class)
class DocumentWebSupport {

    static SignedInUser me() {
        return SignedInUser.current().orElseThrow(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED));
    }

    static boolean isEnglish() {
        Locale l = LocaleContextHolder.getLocale();
        return l != null && "en".equals(l.getLanguage());
    }

    /** A PIN field as the use cases take it: none when left empty. */
    static char[] pinOrNone(String typed) {
        return typed.isEmpty() ? null : typed.toCharArray();
    }

    /**
     * Shows a refusal on the page it came from: the status, a localized headline for the code and
     * the service's own detail (what was found and where). A 404 (another unit's document) is the
     * plain error page: nothing of the document is shown.
     */
    static String refuse(DocumentException e, HttpServletResponse response, Model model, Supplier<String> page) {
        response.setStatus(e.status());
        model.addAttribute("errorCode", e.code());
        model.addAttribute("errorDetail", e.getMessage());
        if (e.status() == 404) {
            return "document/error";
        }
        try {
            return page.get();
        } catch (DocumentException again) {
            return "document/error";
        }
    }

    @ModelAttribute("en")
    boolean en() {
        return isEnglish();
    }

    @ExceptionHandler(DocumentException.class)
    String refused(DocumentException e, Model model, HttpServletResponse response) {
        return refuse(e, response, model, () -> "document/error");
    }
}
