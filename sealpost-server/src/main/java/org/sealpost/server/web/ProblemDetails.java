package org.sealpost.server.web;

import java.net.URI;
import org.sealpost.server.identity.IdentityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The one place where the API's exceptions become RFC 9457 problem details: a stable {@code code},
 * a {@code type} URI made from it, never a stack trace or an exception message from a library
 * (SECURITY.md V06). Page controllers show the same codes as translated messages.
 */
@RestControllerAdvice(annotations = RestController.class)
class ProblemDetails {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);

    @ExceptionHandler(IdentityException.class)
    ResponseEntity<ProblemDetail> identity(IdentityException e) {
        ResponseEntity<ProblemDetail> problem = problem(HttpStatus.valueOf(e.status()), e.code(), e.getMessage());
        if (e instanceof IdentityException.RateLimited limited) {
            return ResponseEntity.status(problem.getStatusCode())
                    .header("Retry-After", Long.toString(limited.retryAfterSeconds()))
                    .body(problem.getBody());
        }
        return problem;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) throws Exception {
        if (e instanceof org.springframework.web.ErrorResponse
                || e instanceof org.springframework.security.access.AccessDeniedException) {
            throw e;
        }
        if (DatabaseOutage.isCause(e)) {
            log.error("database unavailable, answered 503: {}", e.toString());
            ResponseEntity<ProblemDetail> unavailable =
                    problem(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", DatabaseOutage.DETAIL);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "30")
                    .body(unavailable.getBody());
        }
        log.error("unexpected error in API call", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Something went wrong on the server.");
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create("urn:sealpost:problem:" + code));
        body.setProperty("code", code);
        return ResponseEntity.status(status).body(body);
    }
}
