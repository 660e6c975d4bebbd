package org.sealpost.server.inbox.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.delivery.DeliveryException;
import org.sealpost.server.delivery.Inbox;
import org.sealpost.server.inbox.LiveUpdates;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The live-update stream for API clients (bearer {@code spt_} token): the same events as the web pages'. */
@RestController
@Tag(name = "Live updates", description = "Server-sent events for the caller's unit (收文 and tracking)")
class LiveApi {

    private final Inbox inbox;
    private final LiveUpdates live;

    LiveApi(Inbox inbox, LiveUpdates live) {
        this.inbox = inbox;
        this.live = live;
    }

    @GetMapping(value = "/api/v1/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "The caller's unit's live-update stream (text/event-stream)",
            description = "Events: inbox-changed (a document sent to the unit, or a delivery of the unit signed,"
                    + " returned, printed, recalled or voided) and delivery-changed (a delivery of one of the unit's"
                    + " own sent documents changed). Data: {\"kind\":…,\"documentId\":…,\"deliveryId\":…,"
                    + "\"urgency\":…,\"at\":µs since the epoch when the change had committed} — never a title; fetch"
                    + " the inbox or the delivery to see what changed. A comment line every 20 s; the stream ends"
                    + " after 30 minutes (reconnect). 403 without the document-usage grant.")
    SseEmitter live(@AuthenticationPrincipal SignedInUser me) {
        inbox.list(me, new Inbox.InboxQuery(null, null, null, null, null, 0, 1)); // 403 without the usage grant
        return live.subscribe(me);
    }

    @ExceptionHandler(DeliveryException.class)
    ResponseEntity<ProblemDetail> refused(DeliveryException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.status()), e.getMessage());
        problem.setProperty("code", e.code());
        return ResponseEntity.status(e.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
