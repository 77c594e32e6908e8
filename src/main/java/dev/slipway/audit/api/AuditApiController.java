package dev.slipway.audit.api;

import dev.slipway.audit.AuditExport;
import dev.slipway.audit.AuditFilter;
import dev.slipway.audit.AuditPage;
import dev.slipway.audit.AuditRecord;
import dev.slipway.audit.AuditTrail;
import dev.slipway.audit.Verification;
import dev.slipway.shared.ApiErrorResponses;
import dev.slipway.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import lombok.RequiredArgsConstructor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@RequestMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Audit", description = "The tamper-evident audit trail (administrators, or tokens with audit:read)")
@ApiErrorResponses
@RequiredArgsConstructor
class AuditApiController {

    private final AuditTrail trail;
    private final AuditExport export;

    @GetMapping
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "Search the audit trail, newest first",
            description = "Filters: `actor` (name), `action` (exact, or a family ending in a dot such as `service.`), "
                    + "`targetType`, `targetId`, `outcome` (success, denied, failed), `from` and `to` (ISO-8601 "
                    + "instants). Pass `nextCursor` of a page as `cursor` for the next, older page.")
    AuditPage search(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
            @RequestParam(required = false) String targetType, @RequestParam(required = false) String targetId,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to, @RequestParam(required = false) Long cursor,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 200) {
            throw new InvalidInputException("limit", "must be between 1 and 200");
        }
        return trail.search(filter(actor, action, targetType, targetId, outcome, from, to), cursor, limit);
    }

    @GetMapping("/{seq}")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "One event")
    AuditRecord get(@PathVariable long seq) {
        return trail.get(seq);
    }

    @GetMapping("/verify")
    @ApiResponse(responseCode = "200", description = "The result; `intact` is false and `brokenAt` names the first bad event when the chain was tampered with")
    @Operation(summary = "Re-compute the hash chain")
    Verification verify() {
        return trail.verify();
    }

    @GetMapping(path = "/export", produces = {"text/csv", "application/x-ndjson"})
    @ApiResponse(responseCode = "200", description = "Every matching event, oldest first, streamed")
    @Operation(summary = "Export the audit trail as CSV or NDJSON", description = "Same filters as the search; "
            + "`format` is csv (default) or ndjson.")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "csv") String format,
            @RequestParam(required = false) String actor, @RequestParam(required = false) String action,
            @RequestParam(required = false) String targetType, @RequestParam(required = false) String targetId,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        return export.download(AuditExport.Format.of(format),
                filter(actor, action, targetType, targetId, outcome, from, to));
    }

    static AuditFilter filter(String actor, String action, String targetType, String targetId, String outcome,
            Instant from, Instant to) {
        if (outcome != null && !outcome.isBlank() && !outcome.strip().toUpperCase().matches("SUCCESS|DENIED|FAILED")) {
            throw new InvalidInputException("outcome", "must be success, denied or failed");
        }
        return new AuditFilter(actor, action, targetType, targetId, outcome, from, to);
    }
}
