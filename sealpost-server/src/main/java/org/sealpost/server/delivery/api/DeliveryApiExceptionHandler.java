package org.sealpost.server.delivery.api;

import java.net.URI;
import org.sealpost.server.delivery.DeliveryException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The receiving capability's exceptions as RFC 9457 problem details with a stable {@code code}
 * and, for a wrong unit PIN, {@code remainingAttempts}. Always JSON, also for endpoints that
 * otherwise answer with an image or a file.
 */
@RestControllerAdvice(basePackageClasses = DeliveryApiExceptionHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DeliveryApiExceptionHandler {

    @ExceptionHandler(DeliveryException.class)
    ResponseEntity<ProblemDetail> delivery(DeliveryException e) {
        ProblemDetail p = problem(HttpStatus.valueOf(e.status()), e.code(), e.getMessage());
        if (e.remainingAttempts() >= 0) {
            p.setProperty("remainingAttempts", e.remainingAttempts());
        }
        return json(p);
    }

    @ExceptionHandler({
        HttpMessageNotReadableException.class,
        MissingServletRequestParameterException.class,
        MethodArgumentTypeMismatchException.class
    })
    ResponseEntity<ProblemDetail> unreadable(Exception e) {
        return json(problem(
                HttpStatus.BAD_REQUEST, "delivery.bad-request", "The request is incomplete or not valid JSON."));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        return json(problem(HttpStatus.FORBIDDEN, "delivery.forbidden", "You may not do this."));
    }

    private static ResponseEntity<ProblemDetail> json(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(p);
    }

    static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("urn:sealpost:problem:" + code));
        p.setTitle(status.getReasonPhrase());
        p.setProperty("code", code);
        return p;
    }
}
