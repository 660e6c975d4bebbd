package org.sealpost.server.unit.api;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sealpost.server.unit.UnitException;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the units capability's exceptions to RFC 9457 problem details: {@code type} is
 * {@code urn:sealpost:problem:<code>}, the stable {@code code} is a property too, {@code detail}
 * is a message a person can act on, and field errors are listed under {@code errors}.
 */
@RestControllerAdvice(basePackageClasses = UnitApiExceptionHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnitApiExceptionHandler {

    private final MessageSource messages;

    UnitApiExceptionHandler(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler(UnitException.class)
    ProblemDetail unitException(UnitException e, Locale locale) {
        ProblemDetail problem =
                problem(status(e.kind()), e.code(), message(e.messageKey(), e.arguments(), locale), locale);
        if (e instanceof UnitException.InvalidInput invalid) {
            List<Map<String, String>> errors = invalid.violations().stream()
                    .map(v -> Map.of("field", v.field(), "message", message(v.messageKey(), new Object[0], locale)))
                    .toList();
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail accessDenied(AccessDeniedException e, Locale locale) {
        return problem(
                HttpStatus.FORBIDDEN, "unit.forbidden", message("unit.error.forbidden", new Object[0], locale), locale);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e, Locale locale) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "unit.unreadable-body",
                message("unit.error.unreadable-body", new Object[0], locale),
                locale);
    }

    private ProblemDetail problem(HttpStatus status, String code, String detail, Locale locale) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:sealpost:problem:" + code));
        problem.setTitle(message("unit.error.title", new Object[0], locale));
        problem.setProperty("code", code);
        return problem;
    }

    private String message(String key, Object[] args, Locale locale) {
        return messages.getMessage(key, args, key, locale);
    }

    static HttpStatus status(UnitException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
    }
}
