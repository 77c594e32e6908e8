package dev.slipway.deploy.api;

import dev.slipway.deploy.ReleaseRequest;
import dev.slipway.deploy.ReleaseView;
import dev.slipway.deploy.Releases;
import dev.slipway.shared.ApiErrorResponses;
import dev.slipway.shared.PageBody;
import dev.slipway.shared.PageParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import lombok.RequiredArgsConstructor;
import org.springframework.data.domain.Pageable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/services/{service}/releases", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Releases", description = "Immutable, versioned images of a service")
@ApiErrorResponses
@RequiredArgsConstructor
class ReleaseApiController {

    private final Releases releases;

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "Registered (or, for a retried Idempotency-Key, the first result)")
    @Operation(summary = "Register a release", description = "Needs the scope releases:write and membership of the "
            + "owning team. The image is the service's image repository plus `tag` (default: the version) and/or "
            + "`digest`. Send an `Idempotency-Key` header so that a retried call returns the same release (concurrent "
            + "retries wait for the first); the same key with a different body is a 409 naming what differs.")
    ResponseEntity<ReleaseView> register(@PathVariable String service, @RequestBody ReleaseRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        Releases.Registered registered = releases.register(service, request, idempotencyKey);
        ReleaseView release = registered.release();
        return ResponseEntity.created(URI.create("/api/v1/services/" + service + "/releases/" + release.version()))
                .header("Idempotent-Replayed", String.valueOf(!registered.created()))
                .body(release);
    }

    @GetMapping
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "List a service's releases, newest first")
    @PageParameters
    PageBody<ReleaseView> list(@PathVariable String service, Pageable page) {
        return PageBody.of(releases.list(service, page));
    }

    @GetMapping("/{version}")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "Get one release")
    ReleaseView get(@PathVariable String service, @PathVariable String version) {
        return releases.get(service, version);
    }
}
