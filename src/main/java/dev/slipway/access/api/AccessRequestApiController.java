package dev.slipway.access.api;

import dev.slipway.access.AccessRequestView;
import dev.slipway.access.AccessRequests;
import dev.slipway.access.NewAccessRequest;
import dev.slipway.shared.ApiErrorResponses;
import dev.slipway.shared.PageBody;
import dev.slipway.shared.PageParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import lombok.RequiredArgsConstructor;
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
@Tag(name = "Production access")
@ApiErrorResponses
@RequiredArgsConstructor
class AccessRequestApiController {

    /** An approver's optional comment. */
    record DecisionRequest(String comment) {
    }

    private final AccessRequests requests;

    @PostMapping(path = "/api/v1/access/requests", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "Requested; approvers are notified")
    @Operation(summary = "Request production access for yourself",
            description = "Needs the scope access:request and membership of the owning team. `actions` (deploy, "
                    + "rollback, override-freeze), `services` (or `team` for all its services), production "
                    + "`environments`, `duration` (ISO-8601, e.g. PT1H; at most 8 hours unless configured otherwise), "
                    + "`reason`. It waits for approval for an hour, then expires.")
    ResponseEntity<AccessRequestView> create(@RequestBody NewAccessRequest request) {
        AccessRequestView created = requests.create(request);
        return ResponseEntity.created(URI.create("/api/v1/access/requests/" + created.id())).body(created);
    }

    @GetMapping("/api/v1/access/requests")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "List access requests, newest first",
            description = "Those the caller may read: their own, those of teams they maintain, all for administrators; "
                    + "a team-restricted token reads only its team's. Filters: `requester` (username), `state` (pending, approved, denied, expired, withdrawn).")
    @PageParameters
    PageBody<AccessRequestView> list(@RequestParam(required = false) String requester,
            @RequestParam(required = false) AccessRequestView.State state, Pageable page) {
        return PageBody.of(requests.list(new AccessRequests.Filter(GrantApiController.blank(requester), state),
                page));
    }

    @GetMapping("/api/v1/access/requests/waiting")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "Pending requests the caller may approve or deny")
    List<AccessRequestView> waiting() {
        return requests.waitingFor();
    }

    @GetMapping("/api/v1/access/requests/{id}")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "One access request, with its decisions and, once approved, its grant id",
            description = "404 to a caller who may not read it (see the list).")
    AccessRequestView get(@PathVariable long id) {
        return requests.get(id);
    }

    @PostMapping(path = "/api/v1/access/requests/{id}/approve", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "Approved; with enough approvals the grant exists now")
    @Operation(summary = "Approve an access request", description = "Administrators, and maintainers of the owning team "
            + "where the environment lets them; never the requester. Needs the scope access:admin.")
    AccessRequestView approve(@PathVariable long id, @RequestBody(required = false) DecisionRequest decision) {
        return requests.approve(id, decision == null ? null : decision.comment());
    }

    @PostMapping(path = "/api/v1/access/requests/{id}/deny", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "Denied; the request has ended")
    @Operation(summary = "Deny an access request", description = "One denial ends the request.")
    AccessRequestView deny(@PathVariable long id, @RequestBody(required = false) DecisionRequest decision) {
        return requests.deny(id, decision == null ? null : decision.comment());
    }

    @PostMapping("/api/v1/access/requests/{id}/withdraw")
    @ApiResponse(responseCode = "200", description = "Withdrawn")
    @Operation(summary = "Withdraw your own pending request", description = "Needs the scope access:request; a "
            + "team-restricted token withdraws only its team's requests.")
    AccessRequestView withdraw(@PathVariable long id) {
        return requests.withdraw(id);
    }
}
