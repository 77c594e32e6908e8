package dev.slipway.catalog.api;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.EnvironmentView;
import dev.slipway.shared.ApiErrorResponses;
import dev.slipway.shared.PageBody;
import dev.slipway.shared.PageParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.data.domain.PageImpl;
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
@RequestMapping(path = "/api/v1/environments", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Environments", description = "Where services run, in promotion order")
@ApiErrorResponses
@RequiredArgsConstructor
class EnvironmentApiController {

    private final EnvironmentCatalog environments;

    @GetMapping
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "List environments in promotion order",
            description = "`production` narrows to production (true) or other (false) environments.")
    @PageParameters
    PageBody<EnvironmentView> list(@RequestParam(required = false) Boolean production, Pageable page) {
        List<EnvironmentView> all = environments.list().stream()
                .filter(e -> production == null || e.production() == production)
                .toList();
        List<EnvironmentView> items = all.stream().skip(page.getOffset()).limit(page.getPageSize()).toList();
        return PageBody.of(new PageImpl<>(items, page, all.size()));
    }

    @GetMapping("/{slug}")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "Get one environment")
    EnvironmentView get(@PathVariable String slug) {
        return environments.get(slug);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "Created; the Location header names it")
    @Operation(summary = "Create an environment", description = "Without `position` it is placed last.")
    ResponseEntity<EnvironmentView> create(@RequestBody EnvironmentRequest request) {
        EnvironmentView created = environments.create(request);
        return ResponseEntity.created(URI.create("/api/v1/environments/" + created.slug())).body(created);
    }

    @PutMapping(path = "/{slug}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "Changed")
    @Operation(summary = "Change an environment", description = "The slug cannot change; it may be left out of the body.")
    EnvironmentView update(@PathVariable String slug, @RequestBody EnvironmentRequest request) {
        return environments.update(slug, request);
    }

    @DeleteMapping("/{slug}")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an environment")
    void delete(@PathVariable String slug) {
        environments.delete(slug);
    }
}
