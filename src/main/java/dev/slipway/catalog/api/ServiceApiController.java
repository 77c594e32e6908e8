package dev.slipway.catalog.api;

import dev.slipway.catalog.Lifecycle;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceFilter;
import dev.slipway.catalog.ServiceRequest;
import dev.slipway.catalog.ServiceView;
import dev.slipway.shared.ApiErrorResponses;
import dev.slipway.shared.PageBody;
import dev.slipway.shared.PageParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import lombok.RequiredArgsConstructor;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/services", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Services", description = "The catalog of services teams build, release and deploy")
@ApiErrorResponses
@RequiredArgsConstructor
class ServiceApiController {

    private final ServiceCatalog services;

    @GetMapping
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "List services, ordered by slug",
            description = "`q` matches slug or name, case-insensitively; `team` is a team slug; "
                    + "`lifecycle` is experimental, production or deprecated.")
    @PageParameters
    PageBody<ServiceView> list(@RequestParam(required = false) String q,
            @RequestParam(required = false) String team,
            @RequestParam(required = false) Lifecycle lifecycle, Pageable page) {
        return PageBody.of(services.list(new ServiceFilter(q, team, lifecycle), page));
    }

    @GetMapping("/{slug}")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "Get one service")
    ServiceView get(@PathVariable String slug) {
        return services.get(slug);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "Created; the Location header names it")
    @Operation(summary = "Register a service")
    ResponseEntity<ServiceView> create(@RequestBody ServiceRequest request) {
        ServiceView created = services.create(request);
        return ResponseEntity.created(URI.create("/api/v1/services/" + created.slug())).body(created);
    }

    @PutMapping(path = "/{slug}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "Changed")
    @Operation(summary = "Change a service", description = "The slug cannot change; it may be left out of the body. "
            + "Cost tags are replaced as a whole.")
    ServiceView update(@PathVariable String slug, @RequestBody ServiceRequest request) {
        return services.update(slug, request);
    }

    @DeleteMapping("/{slug}")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a service")
    void delete(@PathVariable String slug) {
        services.delete(slug);
    }
}
