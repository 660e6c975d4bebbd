package org.sealpost.server.document.api;

import java.net.URI;
import org.sealpost.server.blob.BlobException;
import org.sealpost.server.document.DocumentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/** The sending capability's exceptions as RFC 9457 problem details with a stable {@code code}. */
@RestControllerAdvice(basePackageClasses = DocumentApiExceptionHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DocumentApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DocumentApiExceptionHandler.class);

    private final DataSize fileLimit;
    private final DataSize requestLimit;

    DocumentApiExceptionHandler(
            @Value("${spring.servlet.multipart.max-file-size:1MB}") DataSize fileLimit,
            @Value("${spring.servlet.multipart.max-request-size:10MB}") DataSize requestLimit) {
        this.fileLimit = fileLimit;
        this.requestLimit = requestLimit;
    }

    @ExceptionHandler(DocumentException.class)
    ProblemDetail document(DocumentException e) {
        return problem(HttpStatus.valueOf(e.status()), e.code(), e.getMessage());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        // reached because spring.servlet.multipart.resolve-lazily is on: the upload is parsed when
        // this module's handler reads it, not before the handler is known
        return document(DocumentException.uploadTooLarge(fileLimit, requestLimit));
    }

    @ExceptionHandler(BlobException.class)
    ProblemDetail blob(BlobException e) {
        if (e.reason() == BlobException.Reason.NO_SPACE) {
            log.error("document storage full: {}", e.getMessage());
            return problem(
                    HttpStatus.INSUFFICIENT_STORAGE,
                    "document.storage-full",
                    "The server's document storage is full, so nothing was stored. Try again later;"
                            + " the administrators were alerted.");
        }
        log.error("stored document content unreadable: {}", e.getMessage());
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "document.storage-damaged",
                "A stored file of this document failed its integrity check; the administrators were alerted.");
    }

    @ExceptionHandler({
        HttpMessageNotReadableException.class,
        MissingServletRequestPartException.class,
        MissingServletRequestParameterException.class
    })
    ProblemDetail unreadable(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, "document.bad-request", "The request is incomplete or not valid JSON.");
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "document.forbidden", "You may not do this.");
    }

    static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("urn:sealpost:problem:" + code));
        p.setTitle(status.getReasonPhrase());
        p.setProperty("code", code);
        return p;
    }
}
