package dev.slipway.deploy.api;

import dev.slipway.deploy.FreezeRequest;
import dev.slipway.deploy.FreezeView;
import dev.slipway.deploy.Freezes;
import dev.slipway.shared.ApiErrorResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/environments/{environment}/freezes", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Environments")
@ApiErrorResponses
@RequiredArgsConstructor
class FreezeApiController {

    private final Freezes freezes;

    @GetMapping
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "List an environment's freeze windows")
    List<FreezeView> list(@PathVariable String environment) {
        return freezes.list(environment);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "Created")
    @Operation(summary = "Add a freeze window", description = "One-off (`from`, `to`) or weekly (`weekday` 1–7, "
            + "`startTime`, `endTime` as HH:mm, `zone`), always with a `reason`. During a freeze deployments are "
            + "refused with that reason unless an administrator overrides with `overrideFreeze`.")
    ResponseEntity<FreezeView> create(@PathVariable String environment, @RequestBody FreezeRequest request) {
        FreezeView created = freezes.create(environment, request);
        return ResponseEntity.created(URI.create("/api/v1/environments/" + environment + "/freezes/" + created.id()))
                .body(created);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiResponse(responseCode = "204", description = "Removed")
    @Operation(summary = "Remove a freeze window")
    void delete(@PathVariable String environment, @PathVariable long id) {
        freezes.delete(environment, id);
    }
}
