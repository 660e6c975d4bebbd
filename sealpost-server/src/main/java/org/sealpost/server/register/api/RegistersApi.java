package org.sealpost.server.register.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.LocalDate;
import java.util.Locale;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.register.ReceivedEntry;
import org.sealpost.server.register.RegisterFilter;
import org.sealpost.server.register.RegisterPage;
import org.sealpost.server.register.RegisterRefused;
import org.sealpost.server.register.Registers;
import org.sealpost.server.register.SentEntry;
import org.springframework.context.MessageSource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The send/receive registers (收发文登记, 第十七条) over REST: one unit's (the caller's by default),
 * or for the regulator office any unit's or all units' ({@code unit=*}). Another unit's register
 * is 404 (code register.notFound); roles that read no register get 403.
 */
@RestController
@RequestMapping("/api/v1/registers")
@PreAuthorize("isAuthenticated()")
@Tag(name = "Registers", description = "Send/receive registers derived from the events (实施细则第十七条)")
@ApiResponse(responseCode = "404", description = "another unit's register, or an unknown unit (code register.notFound)")
@ApiResponse(responseCode = "403", description = "the caller's roles read no register (code register.forbidden)")
@ApiResponse(responseCode = "400", description = "bad dates, paging or search terms (code register.<reason>)")
class RegistersApi {

    private final Registers registers;
    private final MessageSource messages;

    RegistersApi(Registers registers, MessageSource messages) {
        this.registers = registers;
        this.messages = messages;
    }

    @GetMapping("/received")
    @Operation(summary = "Search a unit's received register, newest first")
    RegisterPage<ReceivedEntry> received(
            @Parameter(description = "unit code; default the caller's; * = all units (regulator office)")
                    @RequestParam(required = false)
                    String unit,
            @Parameter(description = "first day, China time (yyyy-MM-dd)")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate from,
            @Parameter(description = "last day, inclusive")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate to,
            @Parameter(description = "document type code, exact") @RequestParam(required = false) String type,
            @Parameter(description = "part of the document number") @RequestParam(required = false) String number,
            @Parameter(description = "part of the title") @RequestParam(required = false) String title,
            @Parameter(description = "sender unit code, or part of its name") @RequestParam(required = false)
                    String counterpart,
            @Parameter(
                            description = "DELIVERED SIGNED RETURNED PRINTED DOWNLOADED ARCHIVED RECALLED VOIDED"
                                    + " DESTRUCTION_CONFIRMED")
                    @RequestParam(required = false)
                    String state,
            @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "50") int limit) {
        return registers.received(
                user(), new RegisterFilter(unit, from, to, type, number, title, counterpart, state), offset, limit);
    }

    @GetMapping("/sent")
    @Operation(summary = "Search a unit's sent register, newest first")
    RegisterPage<SentEntry> sent(
            @Parameter(description = "unit code; default the caller's; * = all units (regulator office)")
                    @RequestParam(required = false)
                    String unit,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String number,
            @RequestParam(required = false) String title,
            @Parameter(description = "a recipient unit code, or part of its name") @RequestParam(required = false)
                    String counterpart,
            @Parameter(description = "SENT RECALLED VOIDED") @RequestParam(required = false) String state,
            @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "50") int limit) {
        return registers.sent(
                user(), new RegisterFilter(unit, from, to, type, number, title, counterpart, state), offset, limit);
    }

    @ExceptionHandler(RegisterRefused.class)
    ProblemDetail refused(RegisterRefused e, Locale locale) {
        HttpStatus status = switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case INVALID -> HttpStatus.BAD_REQUEST;
        };
        String code = "register." + e.code();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                status, messages.getMessage("register.error." + e.code(), null, e.getMessage(), locale));
        problem.setType(URI.create("urn:sealpost:problem:" + code));
        problem.setProperty("code", code);
        return problem;
    }

    private static SignedInUser user() {
        return SignedInUser.current().orElseThrow();
    }
}
