package org.sealpost.server.printing.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.printing.CopyRequests;
import org.sealpost.server.printing.CopyRequests.CopyRequestView;
import org.sealpost.server.printing.PrintKind;
import org.sealpost.server.printing.PrintingCopies;
import org.sealpost.server.printing.PrintingCopies.CopyView;
import org.sealpost.server.printing.PrintingCopies.IssuedCopy;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Controlled printing over REST (issue 6 item 5). A print request without a printer answers with
 * the copy itself ({@code application/pdf}, the copy number in {@code X-Copy-Number}); with a
 * printer the copy goes to the print server and the answer is JSON. Errors are problem+json with a
 * stable {@code code}; another unit's delivery is a 404.
 */
@RestController
@RequestMapping("/api/v1")
@PreAuthorize("isAuthenticated()")
@Tag(name = "Printing", description = "Controlled printing (份号, allowance, results, grey copies, extra copies)")
class PrintingApi {

    static final String COPY_NUMBER = "X-Copy-Number";
    static final String COPY_KIND = "X-Copy-Kind";
    static final String COPY_RESULT = "X-Copy-Result";

    private final PrintingCopies printing;
    private final CopyRequests requests;

    PrintingApi(PrintingCopies printing, CopyRequests requests) {
        this.printing = printing;
        this.requests = requests;
    }

    /** A print request; {@code pin} is the unit key PIN (the sealed body is decrypted with it). */
    record PrintRequest(String printer, String pin, Boolean grey) {
        @Override
        public String toString() {
            return "PrintRequest[" + printer + ", pin=[REDACTED], " + grey + "]";
        }
    }

    record CopyJson(
            long deliveryId,
            String copyNumber,
            String kind,
            String result,
            String printer,
            String jobId,
            String failure) {
        static CopyJson of(IssuedCopy c) {
            return new CopyJson(
                    c.deliveryId(),
                    c.copyNumber().toString(),
                    c.kind().name(),
                    c.result().name(),
                    c.printer(),
                    c.jobId(),
                    c.failure());
        }
    }

    @PostMapping(
            path = "/deliveries/{id}/print",
            produces = {MediaType.APPLICATION_PDF_VALUE, MediaType.APPLICATION_JSON_VALUE})
    @Operation(
            summary = "Print the next copy (份号) of a signed delivery",
            description = "Takes the next copy number within the print allowance. Without a printer the answer"
                    + " is the copy as PDF (headers X-Copy-Number, X-Copy-Kind, X-Copy-Result) and the operator"
                    + " reports the result; with a printer the copy is sent by IPP and the job state reports it."
                    + " grey=true prints a de-sealed grey copy (脱密打印).",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "the copy (PDF), or JSON {copyNumber, kind, result, jobId} when printed",
                        content = {
                            @Content(mediaType = "application/pdf"),
                            @Content(mediaType = "application/json", schema = @Schema(implementation = CopyJson.class))
                        }),
                @ApiResponse(responseCode = "409", description = "not signed, allowance used, copy pending, closed"),
                @ApiResponse(responseCode = "404", description = "no such delivery of your unit"),
                @ApiResponse(responseCode = "422", description = "wrong unit key PIN, no print server")
            })
    ResponseEntity<?> print(@PathVariable long id, @RequestBody(required = false) PrintRequest request) {
        PrintRequest r = request == null ? new PrintRequest(null, null, null) : request;
        IssuedCopy copy = printing.print(
                user(),
                new PrintingCopies.PrintCommand(
                        id,
                        Boolean.TRUE.equals(r.grey()) ? PrintKind.GREY : PrintKind.SEALED,
                        r.printer(),
                        r.pin() == null ? null : r.pin().toCharArray()));
        HttpHeaders headers = new HttpHeaders();
        headers.set(COPY_NUMBER, copy.copyNumber().toString());
        headers.set(COPY_KIND, copy.kind().name());
        headers.set(COPY_RESULT, copy.result().name());
        headers.setCacheControl(CacheControl.noStore());
        if (copy.pdf() == null) {
            return ResponseEntity.ok()
                    .headers(headers)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(CopyJson.of(copy));
        }
        headers.setContentDisposition(ContentDisposition.attachment()
                .filename("copy-" + copy.copyNumber() + ".pdf")
                .build());
        return ResponseEntity.ok()
                .headers(headers)
                .contentType(MediaType.APPLICATION_PDF)
                .body(copy.pdf());
    }

    record ResultRequest(String result, String reason) {}

    record CopyViewJson(
            String copyNumber,
            String kind,
            String result,
            String issuedBy,
            Instant issuedAt,
            String printer,
            String jobId,
            String reportedBy,
            Instant reportedAt,
            String failureReason) {
        static CopyViewJson of(CopyView c) {
            return new CopyViewJson(
                    c.copyNumber().toString(),
                    c.kind().name(),
                    c.result().name(),
                    c.issuedBy(),
                    c.issuedAt(),
                    c.printer(),
                    c.jobId(),
                    c.reportedBy(),
                    c.reportedAt(),
                    c.failureReason());
        }
    }

    @PostMapping("/deliveries/{id}/print/{copy}/result")
    @Operation(
            summary = "Report the result of a copy printed from its PDF",
            description = "result is ok or failed; only an issued, still pending copy can be reported, once. A"
                    + " failure lets the next copy number be used.")
    CopyViewJson result(
            @PathVariable long id,
            @Parameter(description = "the copy number, e.g. 000001") @PathVariable String copy,
            @RequestBody ResultRequest request) {
        return CopyViewJson.of(printing.report(user(), id, copy, request.result(), request.reason()));
    }

    @GetMapping("/deliveries/{id}/print")
    @Operation(summary = "The print allowance of a delivery, its use and every copy issued")
    Map<String, Object> copies(@PathVariable long id) {
        PrintingCopies.Allowance a = printing.allowance(user(), id);
        List<CopyViewJson> copies =
                printing.copies(user(), id).stream().map(CopyViewJson::of).toList();
        return Map.of(
                "deliveryId", a.deliveryId(),
                "state", a.state(),
                "copiesAuthorised", a.authorised(),
                "copiesToSucceed", a.toSucceed(),
                "copiesIssued", a.issued(),
                "copiesSucceeded", a.succeeded(),
                "copiesPending", a.pending(),
                "copies", copies);
    }

    record CopyRequestBody(Integer copies, String reason) {}

    @PostMapping("/deliveries/{id}/copy-requests")
    @Operation(summary = "Ask the sender for more print copies of a delivery, with a reason")
    ResponseEntity<CopyRequestView> requestCopies(@PathVariable long id, @RequestBody CopyRequestBody body) {
        CopyRequestView r = requests.request(user(), id, body.copies() == null ? 1 : body.copies(), body.reason());
        return ResponseEntity.status(HttpStatus.CREATED).body(r);
    }

    @GetMapping("/deliveries/{id}/copy-requests")
    @Operation(summary = "The requests for more copies of a delivery of your unit")
    List<CopyRequestView> deliveryRequests(@PathVariable long id) {
        return requests.ofDelivery(user(), id);
    }

    @GetMapping("/copy-requests")
    @Operation(summary = "Requests for more copies of your unit's documents (sender side); open ones unless all=true")
    List<CopyRequestView> toDecide(@RequestParam(defaultValue = "false") boolean all) {
        return requests.toDecide(user(), all);
    }

    record DecisionBody(Integer copies, String note) {}

    @PostMapping("/copy-requests/{requestId}/grant")
    @Operation(summary = "Grant extra copies (sender side): copies default to what was asked")
    CopyRequestView grant(@PathVariable long requestId, @RequestBody(required = false) DecisionBody body) {
        DecisionBody b = body == null ? new DecisionBody(null, null) : body;
        return requests.grant(user(), requestId, b.copies(), b.note());
    }

    @PostMapping("/copy-requests/{requestId}/deny")
    @Operation(summary = "Deny a request for extra copies (sender side), with a note")
    CopyRequestView deny(@PathVariable long requestId, @RequestBody DecisionBody body) {
        return requests.deny(user(), requestId, body.note());
    }

    private static SignedInUser user() {
        return SignedInUser.current().orElseThrow(() -> new AccessDeniedException("not a SealPost account"));
    }
}
