package dev.slipway.cost.api;

import dev.slipway.cost.AllocationKeys;
import dev.slipway.cost.AllocationRules;
import dev.slipway.cost.AllocationSettings;
import dev.slipway.cost.RecomputationView;
import dev.slipway.cost.Recomputations;
import dev.slipway.cost.SharedRule;
import dev.slipway.cost.SharedRuleRequest;
import dev.slipway.cost.TagAlias;
import dev.slipway.shared.ApiErrorResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import lombok.RequiredArgsConstructor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Cost allocation", description = "Which tags name a team, project, service and environment; aliases; shared costs")
@ApiErrorResponses
@RequiredArgsConstructor
class AllocationApiController {

    /** An alias: in {@code dimension}, the tag value {@code tagValue} stands for the slug {@code target}. */
    record AliasRequest(String dimension, String tagValue, String target) {
    }

    private final AllocationRules rules;
    private final Recomputations recomputations;

    @GetMapping(path = "/api/v1/cost-allocation", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "The allocation rules in force (scope costs:read; finance and administrators)")
    AllocationSettings get() {
        return rules.settings();
    }

    @PutMapping(path = "/api/v1/cost-allocation/keys", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "Saved; the rollups are recomputed in the background")
    @Operation(summary = "Set the tag keys of each dimension, in the order they are tried",
            description = "Keys are matched case-insensitively after trimming; e.g. "
                    + "`{\"team\":[\"team\",\"owner\"],\"project\":[\"project\"],\"service\":[\"service\",\"app\"],"
                    + "\"environment\":[\"env\"]}`.")
    AllocationKeys keys(@RequestBody AllocationKeys keys) {
        return rules.updateKeys(keys);
    }

    @PostMapping(path = "/api/v1/cost-allocation/aliases", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "Created; the rollups are recomputed in the background")
    @Operation(summary = "Map a tag value to a catalog slug, e.g. team tag ViennaAI → team search")
    ResponseEntity<TagAlias> addAlias(@RequestBody AliasRequest request) {
        TagAlias alias = rules.addAlias(request.dimension(), request.tagValue(), request.target());
        return ResponseEntity.created(URI.create("/api/v1/cost-allocation/aliases/" + alias.id())).body(alias);
    }

    @DeleteMapping("/api/v1/cost-allocation/aliases/{id}")
    @ApiResponse(responseCode = "204", description = "Removed")
    @Operation(summary = "Remove an alias")
    ResponseEntity<Void> removeAlias(@PathVariable long id) {
        rules.removeAlias(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/api/v1/cost-allocation/shared-rules", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "Created; the rollups are recomputed in the background")
    @Operation(summary = "Distribute unallocated costs that match over the teams",
            description = "Match on `matchProject`, `matchCategory` (ServiceCategory) and/or `matchProviderService` "
                    + "(ServiceName); `method` PROPORTIONAL (each team's direct spend that month) or FIXED with "
                    + "`shares` (team slug → percent, adding up to 100).")
    ResponseEntity<SharedRule> addSharedRule(@RequestBody SharedRuleRequest request) {
        SharedRule rule = rules.addSharedRule(request);
        return ResponseEntity.created(URI.create("/api/v1/cost-allocation/shared-rules/" + rule.id())).body(rule);
    }

    @DeleteMapping("/api/v1/cost-allocation/shared-rules/{id}")
    @ApiResponse(responseCode = "204", description = "Removed")
    @Operation(summary = "Remove a shared-cost rule")
    ResponseEntity<Void> removeSharedRule(@PathVariable long id) {
        rules.removeSharedRule(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/api/v1/cost-allocation/recompute", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "202", description = "Started; follow it at Location")
    @Operation(summary = "Recompute every rollup from the line items with the rules in force")
    ResponseEntity<RecomputationView> recompute() {
        RecomputationView started = recomputations.start();
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/cost-allocation/recomputations/" + started.id())).body(started);
    }

    @GetMapping(path = "/api/v1/cost-allocation/recomputations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "A recomputation's state and progress")
    RecomputationView recomputation(@PathVariable long id) {
        return recomputations.get(id);
    }
}
