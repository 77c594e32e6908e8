package dev.slipway.catalog.api;

import dev.slipway.catalog.TeamCatalog;
import dev.slipway.catalog.TeamRequest;
import dev.slipway.catalog.TeamView;
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
@RequestMapping(path = "/api/v1/teams", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Teams", description = "Teams own services")
@ApiErrorResponses
@RequiredArgsConstructor
class TeamApiController {

    private final TeamCatalog teams;

    @GetMapping
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "List teams, ordered by slug", description = "`q` matches slug or name, case-insensitively.")
    @PageParameters
    PageBody<TeamView> list(@RequestParam(required = false) String q, Pageable page) {
        return PageBody.of(teams.list(q, page));
    }

    @GetMapping("/{slug}")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "Get one team")
    TeamView get(@PathVariable String slug) {
        return teams.get(slug);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "Created; the Location header names it")
    @Operation(summary = "Create a team")
    ResponseEntity<TeamView> create(@RequestBody TeamRequest request) {
        TeamView created = teams.create(request);
        return ResponseEntity.created(URI.create("/api/v1/teams/" + created.slug())).body(created);
    }

    @PutMapping(path = "/{slug}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "Changed")
    @Operation(summary = "Change a team", description = "The slug cannot change; it may be left out of the body.")
    TeamView update(@PathVariable String slug, @RequestBody TeamRequest request) {
        return teams.update(slug, request);
    }

    @DeleteMapping("/{slug}")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a team", description = "Refused with 409 while the team still owns services.")
    void delete(@PathVariable String slug) {
        teams.delete(slug);
    }
}
