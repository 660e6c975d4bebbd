package org.sealpost.server.audit.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.sealpost.core.audit.AuditChain;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.audit.AuditLog;
import org.sealpost.server.audit.AuditLog.AuditPage;
import org.sealpost.server.audit.AuditLog.AuditQuery;
import org.sealpost.server.audit.VerifyingAuditChain;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log for auditors only (三权分立, SECURITY.md C05): read it and check its hash chain. */
@RestController
@RequestMapping("/api/v1/audit")
@PreAuthorize("hasRole('AUDITOR')")
@Tag(name = "Audit", description = "Audit log and its tamper check (auditors only; SECURITY.md L03, C05)")
@ApiResponse(responseCode = "403", description = "the caller is not an auditor")
class AuditApi {

    static final int MAX_PAGE_SIZE = 500;

    private final AuditLog auditLog;
    private final VerifyingAuditChain verifying;

    AuditApi(AuditLog auditLog, VerifyingAuditChain verifying) {
        this.auditLog = auditLog;
        this.verifying = verifying;
    }

    /** The outcome of a chain check; {@code firstBroken} is absent when the chain is intact. */
    record VerificationJson(
            boolean ok, long checked, long checkpoints, long lastCheckpointSeq, long lastSeq, BrokenJson firstBroken) {
        static VerificationJson of(AuditChain.Result r) {
            AuditChain.Break b = r.firstBroken();
            return new VerificationJson(
                    r.ok(),
                    r.checked(),
                    r.checkpoints(),
                    r.lastCheckpointSeq(),
                    r.lastSeq(),
                    b == null ? null : new BrokenJson(b.seq(), b.kind().name(), b.time(), b.detail()));
        }
    }

    record BrokenJson(long seq, String kind, Instant time, String detail) {}

    record EventJson(
            long seq,
            Instant time,
            String actor,
            String unit,
            String type,
            boolean success,
            String ip,
            String object,
            String detail) {}

    record EventsJson(List<EventJson> events, int page, int size, long total) {}

    @GetMapping("/verify")
    @Operation(
            summary = "Check the audit hash chain and its signed checkpoints",
            description = "Walks every entry in seq order and names the first broken one with its kind:"
                    + " EDITED, DELETED, INSERTED, REORDERED, LINK_BROKEN, CHECKPOINT_INVALID or TRUNCATED."
                    + " The check is itself audited (AUDIT_VERIFIED).")
    VerificationJson verify() {
        return VerificationJson.of(verifying.verify(user()));
    }

    @GetMapping("/events")
    @Operation(summary = "Audit events, newest first, filtered and paged")
    EventsJson events(
            @Parameter(description = "from this instant (inclusive, ISO-8601)")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                    Instant from,
            @Parameter(description = "before this instant (exclusive, ISO-8601)")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                    Instant to,
            @RequestParam(required = false) String actor,
            @Parameter(description = "unit code") @RequestParam(required = false) String unit,
            @Parameter(description = "event type, e.g. SIGN_IN") @RequestParam(required = false) String type,
            @RequestParam(required = false) Boolean success,
            @RequestParam(defaultValue = "0") int page,
            @Parameter(description = "at most " + MAX_PAGE_SIZE) @RequestParam(defaultValue = "100") int size) {
        user();
        int pageSize = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
        AuditPage result =
                auditLog.search(new AuditQuery(from, to, actor, unit, type, success), Math.max(0, page), pageSize);
        return new EventsJson(
                result.events().stream()
                        .map(e -> new EventJson(
                                e.seq(),
                                e.occurredAt().toInstant(),
                                e.entry().actor(),
                                e.entry().unitCode(),
                                e.entry().eventType(),
                                e.entry().success(),
                                e.entry().ip(),
                                e.entry().objectRef(),
                                e.entry().detail()))
                        .toList(),
                result.page(),
                result.size(),
                result.total());
    }

    private static SignedInUser user() {
        return SignedInUser.current().orElseThrow(() -> new AccessDeniedException("not a SealPost account"));
    }
}
