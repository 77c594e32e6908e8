package dev.slipway.access.api;

import dev.slipway.access.GrantFilter;
import dev.slipway.access.GrantRequest;
import dev.slipway.access.GrantView;
import dev.slipway.access.Grants;
import dev.slipway.shared.ApiErrorResponses;
import dev.slipway.shared.PageBody;
import dev.slipway.shared.PageParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Pageable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Production access", description = "Scoped, time-limited grants and just-in-time requests")
@ApiErrorResponses
@RequiredArgsConstructor
class GrantApiController {

    /** Why a grant ends early (optional). */
    record RevokeRequest(String reason) {
    }

    private final Grants grants;

    @GetMapping("/api/v1/access/grants")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "List grants, newest first; expired and revoked ones stay listed",
            description = "Those the caller may read: their own and their teams', those of teams they maintain, all for "
                    + "administrators; a team-restricted token reads only its team's. Filters: `subject` (username or team slug), `service`, `environment`, `status` "
                    + "(active, scheduled, expired, revoked).")
    @PageParameters
    PageBody<GrantView> list(@RequestParam(required = false) String subject,
            @RequestParam(required = false) String service, @RequestParam(required = false) String environment,
            @RequestParam(required = false) GrantView.Status status, Pageable page) {
        return PageBody.of(grants.list(new GrantFilter(blank(subject), blank(service), blank(environment), status),
                page));
    }

    @GetMapping("/api/v1/access/grants/mine")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "The caller's grants that have not ended (their own and their teams')")
    List<GrantView> mine() {
        return grants.mine();
    }

    @GetMapping("/api/v1/access/grants/{id}")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "One grant", description = "404 to a caller who may not read it (see the list).")
    GrantView get(@PathVariable long id) {
        return grants.get(id);
    }

    @PostMapping(path = "/api/v1/access/grants", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "Granted")
    @Operation(summary = "Grant production access directly (administrators)",
            description = "Needs the scope access:admin. Name `grantee` (a user or service account) or `granteeTeam`; "
                    + "`actions` (deploy, rollback, override-freeze); `services`, or `team` for all its services; "
                    + "production `environments`; `duration` (ISO-8601, e.g. PT8H) or `endsAt`; optional `startsAt`; "
                    + "`reason`. At most 8 hours for people and teams and 14 days for service accounts, unless "
                    + "configured otherwise.")
    ResponseEntity<GrantView> create(@RequestBody GrantRequest request) {
        GrantView created = grants.create(request);
        return ResponseEntity.created(URI.create("/api/v1/access/grants/" + created.id())).body(created);
    }

    @PostMapping(path = "/api/v1/access/grants/{id}/revoke", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "Revoked; it stops counting at once")
    @Operation(summary = "Revoke a grant early", description = "Administrators may revoke any grant, holders their own. "
            + "A queued production deployment it allowed fails when it would start.")
    GrantView revoke(@PathVariable long id, @RequestBody(required = false) RevokeRequest request) {
        return grants.revoke(id, request == null ? null : request.reason());
    }

    static @Nullable String blank(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
