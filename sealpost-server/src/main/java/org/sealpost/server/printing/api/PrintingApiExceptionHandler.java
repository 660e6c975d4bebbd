package org.sealpost.server.printing.api;

import java.net.URI;
import org.sealpost.server.printing.PrintingException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** The printing capability's exceptions as RFC 9457 problem details with a stable {@code code}. */
@RestControllerAdvice(basePackageClasses = PrintingApiExceptionHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PrintingApiExceptionHandler {

    @ExceptionHandler(PrintingException.class)
    ProblemDetail printing(PrintingException e) {
        return problem(HttpStatus.valueOf(e.status()), e.code(), e.getMessage());
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class})
    ProblemDetail unreadable(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, "printing.bad-request", "The request is incomplete or not valid JSON.");
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "printing.forbidden", "You may not do this.");
    }

    static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("urn:sealpost:problem:" + code));
        p.setTitle(status.getReasonPhrase());
        p.setProperty("code", code);
        return p;
    }
}
